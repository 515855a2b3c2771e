package io.taobus.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox of {@code taobus.inbox.type=memory}: the same contract as {@link JdbcInbox}, kept in this
 * process's heap. <strong>Lossy</strong>: a restart forgets every delivery, acknowledged or not, and
 * two nodes do not share it; a completed row's body is dropped at once (so it cannot be replayed), and
 * at most {@code maxEntries} rows are kept, the oldest completed ones evicted first, then the oldest
 * failed or dead ones ({@link MemoryEviction}); when only pending rows are left a delivery is refused
 * with {@link InboxUnavailableException}. For tests and benchmarks. {@link #accept} runs on the caller's
 * (event loop) thread, so it takes no lock shared with the scans: rows live in concurrent maps, each
 * changed under its own monitor. Leases run on the system clock (the database's clock of the durable
 * inbox), retention on the given {@link Clock}.
 */
public final class MemoryInbox implements Inbox {

	private static final Logger logger = LoggerFactory.getLogger(MemoryInbox.class);

	/** The default of {@code taobus.inbox.memory-max-entries}. */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	private final InboxSettings settings;

	private final Clock clock;

	private final Clock leaseClock = Clock.systemUTC();

	private final InboxListener listener;

	private final ConcurrentHashMap<DeliveryKey, MemoryRow> rows = new ConcurrentHashMap<>();

	private final ConcurrentSkipListMap<Long, MemoryRow> byId = new ConcurrentSkipListMap<>();

	private final MemoryEviction eviction;

	private final Counters counters = new Counters();

	private final HeldRefs held = new HeldRefs();

	private final AtomicLong nextId = new AtomicLong(1);

	private final AtomicLong nextCallId = new AtomicLong(1);

	/** The retries this node claimed and has not settled or released: their leases are renewed. */
	private final java.util.Set<DueRetry> heldRetries = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	public MemoryInbox(InboxSettings settings, Clock clock, InboxListener listener) {
		this(settings, clock, listener, DEFAULT_MAX_ENTRIES);
	}

	/** A memory inbox keeping at most {@code maxEntries} rows. */
	public MemoryInbox(InboxSettings settings, Clock clock, InboxListener listener, int maxEntries) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be positive");
		}
		this.settings = settings;
		this.clock = clock;
		this.listener = GuardedListener.of(listener);
		this.eviction = new MemoryEviction(maxEntries, this.rows, this.byId);
	}

	@Override
	public CompletionStage<Admission> accept(NewDelivery delivery) {
		if (this.closed) {
			return CompletableFuture.failedFuture(new InboxUnavailableException("the inbox is closed",
					this.settings.retryAfter()));
		}
		long start = System.nanoTime();
		MemoryRow row = this.rows.get(delivery.key());
		Admission admission;
		if (row == null) {
			if (!this.eviction.makeRoom()) {
				this.counters.rejected();
				this.listener.rejected();
				return CompletableFuture.failedFuture(new InboxUnavailableException("the memory inbox is full ("
						+ this.eviction.maxEntries() + " pending rows)", this.settings.retryAfter()));
			}
			MemoryRow created = new MemoryRow(this.nextId.getAndIncrement(), delivery, leaseNow());
			// claimed before it is published, so that a concurrent copy sees a complete row
			created.claim(this.settings.nodeId(), leaseEnd());
			row = this.rows.putIfAbsent(delivery.key(), created);
			if (row == null) {
				this.byId.put(created.id, created);
				admission = new Admission.Accepted(held(created.ref()));
			}
			else {
				admission = decide(row, delivery);
			}
		}
		else {
			admission = decide(row, delivery);
		}
		this.counters.batch(1);
		this.listener.committed(1, System.nanoTime() - start);
		return CompletableFuture.completedFuture(admission);
	}

	private Admission decide(MemoryRow row, NewDelivery delivery) {
		synchronized (row) {
			if (row.status == DeliveryStatus.FAILED || row.status == DeliveryStatus.DEAD) {
				row.rerun(delivery);
				row.claim(this.settings.nodeId(), leaseEnd());
				return new Admission.Rerun(held(row.ref()), row.completedCalls());
			}
			return new Admission.Duplicate(row.record(false));
		}
	}

	@Override
	public void finished(DeliveryRef ref, Completion completion, List<CallRecord> calls,
			byte @Nullable [] response) {
		this.held.remove(ref);
		MemoryRow row = this.byId.get(ref.id());
		boolean settled = false;
		if (row != null) {
			synchronized (row) {
				boolean current = current(row, ref);
				if (current && ref.attempt() > 1) {
					row.supersedeRetries(); // as CallRetries.supersede
				}
				calls.forEach((call) -> row.calls.add(new MemoryRow.Call(this.nextCallId.getAndIncrement(), call)));
				if (current) {
					if (row.response == null) {
						row.response = response;
					}
					row.settle(completion, now());
					if (completion instanceof Completion.Failed failed && failed.retried()
							&& DeliveryRetryRule.retries(this.settings)) {
						row.failed(DeliveryRetryRule.next(this.settings, row.retries, now(),
								java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
						if (row.status == DeliveryStatus.DEAD) {
							this.listener.dead(1);
						}
					}
					if (row.status == DeliveryStatus.COMPLETED && !row.callsWait()) {
						row.dropBody(); // kept while a call waits: its retry, or the replay of a dead call, needs it
					}
					settled = true;
				}
			}
		}
		if (row != null && !calls.isEmpty()) {
			this.listener.callsRecorded(ref.source(), ref.deliveryId(), calls);
		}
		if (!settled) {
			this.counters.fenced();
			this.listener.fenced(1);
			return;
		}
		this.eviction.settled(row);
		this.counters.completed();
		if (completion instanceof Completion.Failed) {
			// as OutcomeWriter: a failed run whose retries are spent is settled dead
			DeliveryStatus status = (row.status == DeliveryStatus.DEAD) ? DeliveryStatus.DEAD : DeliveryStatus.FAILED;
			this.listener.deliveriesSettled(ref.source(), status, 1);
		}
	}

	@Override
	public CallLog callLog(DeliveryRef ref) {
		return new CallLog(this.clock, ref.attempt());
	}

	@Override
	public List<CallRecord> completedCalls(DeliveryRef ref) {
		MemoryRow row = this.byId.get(ref.id());
		if (row == null) {
			return List.of();
		}
		synchronized (row) {
			return row.completedCalls();
		}
	}

	@Override
	public List<CallRecord> calls(String source, String deliveryId) {
		MemoryRow row = this.rows.get(new DeliveryKey(source, deliveryId));
		if (row == null) {
			return List.of();
		}
		synchronized (row) {
			return row.calls.stream().map((call) -> call.record).sorted(CallRecord.TIMELINE).toList();
		}
	}

	@Override
	public List<DueRetry> claimDueRetries(int limit) {
		Instant now = now();
		Instant leaseNow = leaseNow();
		List<DueRetry> due = new ArrayList<>();
		for (MemoryRow row : this.byId.values()) {
			synchronized (row) {
				for (MemoryRow.Call call : row.calls) {
					if (due.size() >= limit) {
						return due;
					}
					CallRecord record = call.record;
					if (record.status() == CallStatus.RETRYING && record.dueAt() != null && !record.dueAt().isAfter(now)
							&& (call.leaseUntil == null || !call.leaseUntil.isAfter(leaseNow))) {
						call.owner = this.settings.nodeId();
						call.leaseUntil = leaseEnd();
						DueRetry retry = new DueRetry(call.id, row.record(true), record);
						this.heldRetries.add(retry);
						due.add(retry);
					}
				}
			}
		}
		return due;
	}

	@Override
	public CallLog retryLog(DueRetry retry) {
		return CallLog.retry(this.clock, retry);
	}

	@Override
	public boolean retried(DueRetry retry, List<CallRecord> calls) {
		this.heldRetries.remove(retry);
		MemoryRow row = this.byId.get(retry.delivery().id());
		if (row == null) {
			return false;
		}
		synchronized (row) {
			MemoryRow.Call call = ownRetry(row, retry);
			if (call == null) {
				return false;
			}
			call.record = call.record.with(CallStatus.FAILED, null);
			call.owner = null;
			call.leaseUntil = null;
			calls.forEach((record) -> row.calls.add(new MemoryRow.Call(this.nextCallId.getAndIncrement(), record)));
			if (row.status == DeliveryStatus.COMPLETED && !row.callsWait()) {
				row.dropBody();
			}
		}
		if (!calls.isEmpty()) {
			this.listener.callsRecorded(row.source(), row.key().deliveryId(), calls);
		}
		return true;
	}

	@Override
	public void releasedRetry(DueRetry retry) {
		this.heldRetries.remove(retry);
		MemoryRow row = this.byId.get(retry.delivery().id());
		if (row != null) {
			synchronized (row) {
				MemoryRow.Call call = ownRetry(row, retry);
				if (call != null) {
					call.owner = null;
					call.leaseUntil = null;
				}
			}
		}
	}

	/** Extends the leases of the retries this node holds, as {@code CallRetries.renew} does. */
	private int renewRetries() {
		int renewed = 0;
		for (DueRetry retry : this.heldRetries) {
			MemoryRow row = this.byId.get(retry.delivery().id());
			if (row != null) {
				synchronized (row) {
					MemoryRow.Call call = ownRetry(row, retry);
					if (call != null) {
						call.leaseUntil = leaseEnd();
						renewed++;
					}
				}
			}
		}
		return renewed;
	}

	/** The retry's ledger row while it is still retrying and held by this node, as CallRetries fences it. */
	private MemoryRow.@Nullable Call ownRetry(MemoryRow row, DueRetry retry) {
		for (MemoryRow.Call call : row.calls) {
			if (call.id == retry.callRow() && call.record.status() == CallStatus.RETRYING
					&& this.settings.nodeId().equals(call.owner)) {
				return call;
			}
		}
		return null;
	}

	@Override
	public void released(DeliveryRef ref) {
		this.held.remove(ref);
		MemoryRow row = this.byId.get(ref.id());
		if (row != null) {
			synchronized (row) {
				if (current(row, ref)) {
					row.release(leaseNow());
				}
			}
		}
	}

	private DeliveryRef held(DeliveryRef ref) {
		this.held.add(ref);
		return ref;
	}

	private static boolean current(MemoryRow row, DeliveryRef ref) {
		// a row marked for replay is not settled by the attempt before: its claim raises the attempts
		return row.status == DeliveryStatus.PENDING && !row.replay && row.attempts == ref.attempt();
	}

	@Override
	public int renewLeases() {
		int renewed = renewRetries();
		for (long id : this.held.ids()) {
			MemoryRow row = this.byId.get(id);
			if (row != null) {
				synchronized (row) {
					if (row.status == DeliveryStatus.PENDING && this.settings.nodeId().equals(row.owner)) {
						row.leaseUntil = leaseEnd();
						renewed++;
					}
				}
			}
		}
		return renewed;
	}

	@Override
	public List<ClaimedDelivery> claimExpired(int limit) {
		List<ClaimedDelivery> claimed = new ArrayList<>();
		Instant now = leaseNow();
		int dead = 0;
		Map<String, Integer> deadBySource = new HashMap<>();
		for (MemoryRow row : this.byId.values()) {
			if (claimed.size() >= limit) {
				break;
			}
			synchronized (row) {
				if (row.status != DeliveryStatus.PENDING || row.leaseUntil.isAfter(now)) {
					continue;
				}
				if (row.attempts + 1 - row.attemptBase > this.settings.maxAttempts()) {
					row.kill(now(), this.settings.maxAttempts());
					logger.warn("Delivery {}/{} is dead: dispatched {} times without finishing", row.source(),
							row.key().deliveryId(), row.attempts);
					dead++;
					deadBySource.merge(row.source(), 1, Integer::sum);
					this.eviction.settled(row);
					continue;
				}
				row.claim(this.settings.nodeId(), leaseEnd());
				claimed.add(new ClaimedDelivery(held(row.ref()), row.record(true), row.replay));
				row.replay = false;
			}
		}
		int retried = claimDueRetries(limit - claimed.size() - dead, claimed);
		this.counters.claimed(claimed, dead);
		long replays = claimed.stream().filter(ClaimedDelivery::replay).count();
		if (dead > 0) {
			this.listener.dead(dead);
			deadBySource.forEach((source, rows) -> this.listener.deliveriesSettled(source, DeliveryStatus.DEAD, rows));
		}
		if (replays > 0) {
			this.listener.replayed((int) replays);
		}
		if (retried > 0) {
			this.listener.retried(retried);
		}
		if (claimed.size() - retried > replays) {
			this.listener.recovered(claimed.size() - retried - (int) replays);
		}
		return claimed;
	}

	/** Claims failed rows whose retry came due, as {@code DeliveryRetries.claim} does; how many. */
	private int claimDueRetries(int limit, List<ClaimedDelivery> claimed) {
		int count = 0;
		Instant now = now();
		for (MemoryRow row : this.byId.values()) {
			if (count >= limit) {
				break;
			}
			synchronized (row) {
				if (row.status == DeliveryStatus.FAILED && row.retryAt != null && !row.retryAt.isAfter(now)) {
					row.retry(this.settings.nodeId(), leaseEnd());
					claimed.add(new ClaimedDelivery(held(row.ref()), row.record(true), false));
					count++;
				}
			}
		}
		return count;
	}

	@Override
	public Optional<DeliveryRecord> find(String source, String deliveryId, boolean withBody) {
		MemoryRow row = this.rows.get(new DeliveryKey(source, deliveryId));
		if (row == null) {
			return Optional.empty();
		}
		synchronized (row) {
			return Optional.of(row.record(withBody));
		}
	}

	@Override
	public DeliveryPage list(DeliveryQuery query) {
		return MemoryQueries.list(this.byId, query);
	}

	@Override
	public List<HandlerFigures> handlerFigures() {
		return HandlerFigures.withTallies(MemoryQueries.handlerFigures(this.byId), MemoryQueries.callTallies(this.byId));
	}

	@Override
	public ReplayOutcome replay(String source, String deliveryId, ReplayScope scope) {
		MemoryRow row = this.rows.get(new DeliveryKey(source, deliveryId));
		if (row == null) {
			return ReplayOutcome.UNKNOWN;
		}
		synchronized (row) {
			if (row.status == DeliveryStatus.PENDING) {
				return ReplayOutcome.PENDING;
			}
			if (row.body == null) {
				return ReplayOutcome.BODY_EXPIRED;
			}
			row.markReplay(leaseNow(), scope);
			return ReplayOutcome.REPLAYED;
		}
	}

	@Override
	public int replay(ReplayFilter filter) {
		return MemoryQueries.replay(this.byId, filter, leaseNow());
	}

	@Override
	public int replayCount(ReplayFilter filter) {
		return MemoryQueries.replayCount(this.byId, filter);
	}

	@Override
	public Purged purge() {
		return MemoryQueries.purge(this.byId, this.rows, this.settings, now());
	}

	@Override
	public List<CallTally> callTallies() {
		return MemoryQueries.callTallies(this.byId);
	}

	@Override
	public Backlog backlog() {
		return MemoryQueries.backlog(this.byId);
	}

	/** The rows kept now. */
	int size() {
		return this.rows.size();
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
	public void close() {
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
