package io.taobus.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox of {@code taobus.inbox.type=memory}: the same contract as {@link JdbcInbox}, kept in this
 * process's heap. <strong>Lossy</strong>: a restart forgets every delivery, acknowledged or not, and
 * two nodes do not share it. For tests and benchmarks, and for the behaviour taobus had before the
 * durable inbox. Leases run on the system clock (the database's clock of the durable inbox), retention
 * on the given {@link Clock}.
 */
public final class MemoryInbox implements Inbox {

	private static final Logger logger = LoggerFactory.getLogger(MemoryInbox.class);

	private final InboxSettings settings;

	private final Clock clock;

	private final Clock leaseClock = Clock.systemUTC();

	private final InboxListener listener;

	private final Map<DeliveryKey, MemoryRow> rows = new HashMap<>();

	private final TreeMap<Long, MemoryRow> byId = new TreeMap<>();

	private final Counters counters = new Counters();

	private final HeldRefs held = new HeldRefs();

	private long nextId = 1;

	private boolean closed;

	public MemoryInbox(InboxSettings settings, Clock clock, InboxListener listener) {
		this.settings = settings;
		this.clock = clock;
		this.listener = GuardedListener.of(listener);
	}

	@Override
	public synchronized CompletionStage<Admission> accept(NewDelivery delivery) {
		if (this.closed) {
			return CompletableFuture.failedFuture(new InboxUnavailableException("the inbox is closed",
					this.settings.retryAfter()));
		}
		long start = System.nanoTime();
		MemoryRow row = this.rows.get(delivery.key());
		Admission admission;
		if (row == null) {
			row = new MemoryRow(this.nextId++, delivery, leaseNow());
			this.rows.put(delivery.key(), row);
			this.byId.put(row.id, row);
			row.claim(this.settings.nodeId(), leaseEnd());
			admission = new Admission.Accepted(held(row.ref()));
		}
		else if (row.status == DeliveryStatus.FAILED || row.status == DeliveryStatus.DEAD) {
			row.rerun(delivery.body());
			row.claim(this.settings.nodeId(), leaseEnd());
			admission = new Admission.Rerun(held(row.ref()));
		}
		else {
			admission = new Admission.Duplicate(row.record(false));
		}
		this.counters.batch(1);
		this.listener.committed(1, System.nanoTime() - start);
		return CompletableFuture.completedFuture(admission);
	}

	@Override
	public synchronized void finished(DeliveryRef ref, Completion completion) {
		this.held.remove(ref);
		MemoryRow row = current(ref);
		if (row == null) {
			this.counters.fenced();
			this.listener.fenced(1);
			return;
		}
		row.settle(completion, now());
		this.counters.completed();
	}

	@Override
	public synchronized void released(DeliveryRef ref) {
		this.held.remove(ref);
		MemoryRow row = current(ref);
		if (row != null) {
			row.release(leaseNow());
		}
	}

	private DeliveryRef held(DeliveryRef ref) {
		this.held.add(ref);
		return ref;
	}

	private @Nullable MemoryRow current(DeliveryRef ref) {
		MemoryRow row = this.byId.get(ref.id());
		return (row != null && row.status == DeliveryStatus.PENDING && row.attempts == ref.attempt()) ? row : null;
	}

	@Override
	public synchronized int renewLeases() {
		int renewed = 0;
		for (long id : this.held.ids()) {
			MemoryRow row = this.byId.get(id);
			if (row != null && row.status == DeliveryStatus.PENDING && this.settings.nodeId().equals(row.owner)) {
				row.leaseUntil = leaseEnd();
				renewed++;
			}
		}
		return renewed;
	}

	@Override
	public synchronized List<ClaimedDelivery> claimExpired(int limit) {
		List<ClaimedDelivery> claimed = new ArrayList<>();
		Instant now = leaseNow();
		int dead = 0;
		for (MemoryRow row : this.byId.values()) {
			if (claimed.size() >= limit) {
				break;
			}
			if (row.status != DeliveryStatus.PENDING || row.leaseUntil.isAfter(now)) {
				continue;
			}
			row.claim(this.settings.nodeId(), leaseEnd());
			if (row.attempts - row.attemptBase > this.settings.maxAttempts()) {
				row.kill(now(), this.settings.maxAttempts());
				logger.warn("Delivery {}/{} is dead: dispatched {} times without finishing", row.source(),
						row.key().deliveryId(), row.attempts - 1);
				dead++;
				continue;
			}
			claimed.add(new ClaimedDelivery(held(row.ref()), row.record(true), row.replay));
			row.replay = false;
		}
		this.counters.claimed(claimed, dead);
		long replays = claimed.stream().filter(ClaimedDelivery::replay).count();
		if (dead > 0) {
			this.listener.dead(dead);
		}
		if (replays > 0) {
			this.listener.replayed((int) replays);
		}
		if (claimed.size() > replays) {
			this.listener.recovered(claimed.size() - (int) replays);
		}
		return claimed;
	}

	@Override
	public synchronized Optional<DeliveryRecord> find(String source, String deliveryId, boolean withBody) {
		MemoryRow row = this.rows.get(new DeliveryKey(source, deliveryId));
		return Optional.ofNullable(row).map((found) -> found.record(withBody));
	}

	@Override
	public synchronized DeliveryPage list(DeliveryQuery query) {
		List<DeliveryRecord> fetched = new ArrayList<>();
		for (MemoryRow row : this.byId.headMap(query.beforeId(), false).descendingMap().values()) {
			if (fetched.size() > query.limit()) {
				break;
			}
			if ((query.source() == null || query.source().equals(row.source()))
					&& (query.status() == null || query.status() == row.status)
					&& (query.since() == null || !row.receivedAt().isBefore(query.since()))) {
				fetched.add(row.record(false));
			}
		}
		return DeliveryPage.of(fetched, query.limit());
	}

	@Override
	public synchronized ReplayOutcome replay(String source, String deliveryId) {
		MemoryRow row = this.rows.get(new DeliveryKey(source, deliveryId));
		if (row == null) {
			return ReplayOutcome.UNKNOWN;
		}
		if (row.status == DeliveryStatus.PENDING) {
			return ReplayOutcome.PENDING;
		}
		if (row.body == null) {
			return ReplayOutcome.BODY_EXPIRED;
		}
		row.markReplay(leaseNow());
		return ReplayOutcome.REPLAYED;
	}

	@Override
	public synchronized int replay(ReplayFilter filter) {
		int count = 0;
		for (MemoryRow row : this.byId.values()) {
			if (row.status != DeliveryStatus.PENDING && row.body != null
					&& (filter.source() == null || filter.source().equals(row.source()))
					&& (filter.status() == null || filter.status() == row.status)
					&& (filter.from() == null || !row.receivedAt().isBefore(filter.from()))
					&& (filter.to() == null || row.receivedAt().isBefore(filter.to()))) {
				row.markReplay(leaseNow());
				count++;
			}
		}
		return count;
	}

	@Override
	public synchronized Purged purge() {
		Instant now = now();
		Instant bodyCutoff = now.minus(this.settings.retention());
		Instant dedupeCutoff = now.minus(this.settings.dedupeWindow());
		Instant failedCutoff = now.minus(this.settings.failedRetention());
		int bodies = 0;
		List<MemoryRow> expired = new ArrayList<>();
		for (MemoryRow row : this.byId.values()) {
			if (row.status == DeliveryStatus.COMPLETED && row.body != null && row.completedAt != null
					&& row.completedAt.isBefore(bodyCutoff)) {
				row.body = null;
				bodies++;
			}
			if ((row.status == DeliveryStatus.COMPLETED && row.receivedAt().isBefore(dedupeCutoff))
					|| ((row.status == DeliveryStatus.FAILED || row.status == DeliveryStatus.DEAD)
							&& row.receivedAt().isBefore(failedCutoff))) {
				expired.add(row);
			}
		}
		expired.forEach((row) -> {
			this.byId.remove(row.id);
			this.rows.remove(row.key());
		});
		return new Purged(bodies, expired.size());
	}

	@Override
	public synchronized Backlog backlog() {
		return this.byId.values().stream().filter((row) -> row.status == DeliveryStatus.PENDING)
			.map(MemoryRow::receivedAt).min(Comparator.naturalOrder())
			.map((oldest) -> new Backlog(this.byId.values().stream().filter((row) -> row.status == DeliveryStatus.PENDING).count(), oldest))
			.orElse(new Backlog(0, null));
	}

	@Override
	public InboxCounters counters() {
		return this.counters.snapshot();
	}

	@Override
	public boolean healthy() {
		return true;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
	}

	private Instant now() {
		return this.clock.instant();
	}

	private Instant leaseNow() {
		return this.leaseClock.instant();
	}

	private Instant leaseEnd() {
		return leaseNow().plus(this.settings.leaseDuration());
	}

}
