package io.taobus.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work of a node on its inbox: renews the leases it holds every
 * {@link InboxSettings#renewInterval()} on a virtual thread of its own (so that a slow claim or
 * retention round can never starve renewal past the lease, which would let another node run the same
 * rows), and, on a second one, claims rows whose lease expired (a crashed node's, or replayed ones)
 * every {@code claimInterval}, handing them to the {@link Redispatcher}, and applies retention every
 * {@code purgeInterval}, first one interval after start. A failing round is logged and tried again at
 * the next interval. Claims take no more rows than the redispatcher has room for (a saturated bus
 * leaves them in place), and none while lease renewal is failing: after an outage longer than the
 * lease, this node's own running rows look expired until renewal has run again. What a round picked up
 * is logged at INFO ({@link RecoveryLog}). A retention round cut
 * short by its budget is followed by another at once.
 */
public final class InboxRecovery implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(InboxRecovery.class);

	/** Rows claimed per statement. */
	static final int CLAIM_LIMIT = 64;

	/** Claim statements per round, so that one round stays short and renewal is not starved. */
	static final int MAX_CLAIMS_PER_ROUND = 16;

	/** How long {@link #close()} waits for a running round to finish (it is never interrupted). */
	static final int CLOSE_SECONDS = 5;

	private final Inbox inbox;

	private final Redispatcher redispatcher;

	private final ScheduledExecutorService scheduler;

	private final ScheduledExecutorService renewer;

	private volatile boolean failing;

	/** Whether the last lease renewal succeeded; claims wait while it does not. */
	private volatile boolean leasesCurrent = true;

	/** The line of what the claim rounds picked up. */
	private final RecoveryLog log = new RecoveryLog(System::nanoTime);

	private InboxRecovery(Inbox inbox, Redispatcher redispatcher) {
		this.inbox = inbox;
		this.redispatcher = redispatcher;
		this.scheduler = Executors.newSingleThreadScheduledExecutor(
				Thread.ofVirtual().name("taobus-inbox-recovery").factory());
		this.renewer = Executors.newSingleThreadScheduledExecutor(
				Thread.ofVirtual().name("taobus-inbox-renewal").factory());
	}

	/**
	 * Starts the background work; the first claim round runs at once, so that a restarted node picks up
	 * what its predecessor left as soon as those leases expire.
	 */
	public static InboxRecovery start(Inbox inbox, Redispatcher redispatcher, Duration renewInterval,
			Duration claimInterval, Duration purgeInterval) {
		InboxRecovery recovery = new InboxRecovery(inbox, redispatcher);
		recovery.every(recovery.renewer, renewInterval, false, recovery::renew);
		recovery.every(recovery.scheduler, claimInterval, false, recovery::claim);
		recovery.every(recovery.scheduler, purgeInterval, true, recovery::purge);
		return recovery;
	}

	private void every(ScheduledExecutorService executor, Duration interval, boolean delayed, Runnable task) {
		long millis = Math.max(1, interval.toMillis());
		executor.scheduleWithFixedDelay(() -> guarded(task), delayed ? millis : 0, millis, TimeUnit.MILLISECONDS);
	}

	private void guarded(Runnable task) {
		try {
			task.run();
			if (this.failing) {
				this.failing = false;
				logger.info("Inbox recovery works again");
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Inbox recovery failed; retrying at the next interval: {}", ex.toString());
			}
			else {
				logger.debug("Inbox recovery failed again", ex);
			}
		}
	}

	private void renew() {
		try {
			this.inbox.renewLeases();
			this.leasesCurrent = true;
		}
		catch (RuntimeException ex) {
			this.leasesCurrent = false;
			throw ex;
		}
	}

	/**
	 * Claims and redispatches until nothing is left, the redispatcher has no room, or it refuses: only as
	 * many rows as it can take are claimed, so that a saturated bus leaves the rows where they are.
	 */
	void claim() {
		if (!this.leasesCurrent) {
			// the last renewal failed (the database is or was away): the leases of what this node runs may
			// have run out meanwhile, and a claim now would take its own running rows; renewal goes first
			return;
		}
		List<ClaimedDelivery> round = new ArrayList<>();
		try {
			for (int statement = 0; statement < MAX_CLAIMS_PER_ROUND; statement++) {
				int room = Math.min(CLAIM_LIMIT, this.redispatcher.capacity());
				if (room <= 0) {
					return;
				}
				List<ClaimedDelivery> claimed = this.inbox.claimExpired(room);
				for (int i = 0; i < claimed.size(); i++) {
					try {
						this.redispatcher.redispatch(claimed.get(i));
						round.add(claimed.get(i));
					}
					catch (RuntimeException ex) {
						logger.info("Redispatch refused ({}); {} claimed deliveries released for later", ex.toString(),
								claimed.size() - i);
						claimed.subList(i, claimed.size()).forEach((delivery) -> this.inbox.released(delivery.ref()));
						return;
					}
				}
				if (claimed.size() < room) {
					break;
				}
			}
		}
		finally {
			this.log.round(round);
		}
		retryDue();
	}

	/** Claims the async calls whose retry came due and hands them to the redispatcher, within its room. */
	void retryDue() {
		for (int round = 0; round < MAX_CLAIMS_PER_ROUND; round++) {
			int room = Math.min(CLAIM_LIMIT, this.redispatcher.capacity());
			if (room <= 0) {
				return;
			}
			List<DueRetry> due = this.inbox.claimDueRetries(room);
			for (int i = 0; i < due.size(); i++) {
				try {
					this.redispatcher.retry(due.get(i));
				}
				catch (RuntimeException ex) {
					logger.info("Retry refused ({}); {} claimed retries released for later", ex.toString(), due.size() - i);
					due.subList(i, due.size()).forEach(this.inbox::releasedRetry);
					return;
				}
			}
			if (due.size() < room) {
				return;
			}
		}
	}

	/**
	 * One round of retention; a round that ended at its budget with work left is followed by another
	 * at once, queued behind the claims already due, so that retention keeps up with any backlog.
	 */
	private void purge() {
		Purged purged = this.inbox.purge();
		if (purged.bodies() > 0 || purged.rows() > 0) {
			logger.debug("Inbox retention emptied {} bodies and deleted {} rows", purged.bodies(), purged.rows());
		}
		if (purged.more()) {
			try {
				this.scheduler.execute(() -> guarded(this::purge));
			}
			catch (RejectedExecutionException ex) {
				// closing: the next start goes on
			}
		}
	}

	/**
	 * Stops claiming and retention, as {@link #close()} does, and keeps renewing the leases of what
	 * this node still runs: a closing node must not claim rows its bus would refuse, but the deliveries
	 * it drains stay its own until they are done.
	 */
	public void stopClaiming() {
		this.scheduler.shutdown();
		try {
			stop(this.scheduler);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops the background work: no round starts any more, and a running one may finish for up to
	 * {@value #CLOSE_SECONDS} seconds; then this stops waiting. It is never interrupted: an interrupt cuts
	 * the round's JDBC statement (a virtual thread's socket closes on it; H2's file channel closes, and
	 * the database with it), and a claim whose commit the server had applied would leave its rows under
	 * this node's lease, an attempt spent, run by no one until it expired.
	 */
	@Override
	public void close() {
		this.scheduler.shutdown();
		this.renewer.shutdown();
		try {
			stop(this.scheduler);
			stop(this.renewer);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits for a running round to end, up to {@value #CLOSE_SECONDS} seconds, and never interrupts it:
	 * an interrupt inside the JDBC driver closes the embedded database. A round still running then ends
	 * on its own, its statements bounded by their query timeouts.
	 */
	private static void stop(ScheduledExecutorService executor) throws InterruptedException {
		if (!executor.awaitTermination(CLOSE_SECONDS, TimeUnit.SECONDS)) {
			logger.warn("An inbox recovery round did not end within {} s of closing; it is left to end on its own",
					CLOSE_SECONDS);
		}
	}

}
