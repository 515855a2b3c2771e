package io.taobus.inbox;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The store of deliveries, the truth about what was acknowledged. Implementations: {@link JdbcInbox}
 * (H2 file or PostgreSQL; durable) and {@link MemoryInbox} (lossy: for tests and benchmarks).
 *
 * <p>Threading: {@link #accept}, {@link #finished} and {@link #released} never block and never run
 * JDBC on the caller's thread, so a Netty event loop may call them. The other methods run JDBC on the
 * caller's thread: call them from a virtual thread (recovery does) or a bounded elastic scheduler.
 */
public interface Inbox extends AutoCloseable {

	/**
	 * Stores a delivery, or finds the row of its earlier copy. The stage completes only after the
	 * transaction that decided the admission committed, so a 202 sent on {@link Admission.Accepted} or
	 * {@link Admission.Rerun} is a promise kept by the database; a copy arriving while the original is
	 * being stored is decided after it (one writer per node; the unique key across nodes) and never gets
	 * a {@link Admission.Duplicate} that the original then contradicts.
	 * @return the admission; fails with {@link InboxUnavailableException} when the database cannot store
	 * it or the writer's queue is full (nothing was stored as accepted), or when the inbox is closed
	 */
	CompletionStage<Admission> accept(NewDelivery delivery);

	/**
	 * Reports the outcome of a claimed attempt: the row becomes {@code completed} or {@code failed}.
	 * Applied in batches shortly after; an outcome for an attempt that is no longer the row's current one
	 * (its lease was taken over) is ignored and counted as fenced.
	 */
	default void finished(DeliveryRef ref, Completion completion) {
		finished(ref, completion, List.of(), null);
	}

	/**
	 * As {@link #finished(DeliveryRef, Completion)}, with the handler calls of the attempt's cascade for
	 * the ledger, written in the same transaction as the outcome. The calls are kept even when the outcome
	 * is fenced: they ran.
	 * @param calls what the attempt's {@link #callLog} collected
	 */
	default void finished(DeliveryRef ref, Completion completion, List<CallRecord> calls) {
		finished(ref, completion, calls, null);
	}

	/**
	 * As {@link #finished(DeliveryRef, Completion, List)}, recording the response the run gave its caller
	 * (the bytes of a request/response delivery's answer) in the same batch, unless one is recorded already:
	 * a rerun never replaces what the first caller may have been answered.
	 */
	void finished(DeliveryRef ref, Completion completion, List<CallRecord> calls, byte @Nullable [] response);

	/**
	 * A fresh collector of the handler calls of one attempt's cascade, to pass to the kernel as its
	 * recorder and then to {@link #finished(DeliveryRef, Completion, List)}.
	 */
	CallLog callLog(DeliveryRef ref);

	/**
	 * The handler calls of a delivery that completed in its earlier runs and that a rerun may skip (see
	 * {@link CallLog#skipping}): those recorded with a result since the delivery's last whole rerun
	 * ({@link ReplayScope#ALL}), in the order recorded. Read when a rerun starts, so that only completions
	 * committed before it count.
	 */
	List<CallRecord> completedCalls(DeliveryRef ref);

	/**
	 * Claims up to {@code limit} failed async calls whose retry is due (on the inbox's clock) and that no
	 * node holds, under a lease (on the database's clock) for this node: a crashed node's retries are
	 * claimed again once their lease expires. Each is to be run alone and reported with {@link #retried},
	 * or given back with {@link #releasedRetry}.
	 */
	List<DueRetry> claimDueRetries(int limit);

	/** A collector of the calls of one retry: the retried call at its next attempt, and what it chains. */
	CallLog retryLog(DueRetry retry);

	/**
	 * Settles a retry this node ran: its failed attempt becomes {@code failed} and the retry's records are
	 * written, in one transaction, unless the retry is no longer this node's (another took it over after
	 * its lease, or a rerun of the delivery superseded it): then nothing changes.
	 * @return whether it was settled
	 */
	boolean retried(DueRetry retry, List<CallRecord> calls);

	/** Gives a claimed retry back unrun (the bus refused it), for any node to claim at once. */
	void releasedRetry(DueRetry retry);

	/**
	 * The ledger of a delivery's handler calls, every attempt of each, run by run in the order they
	 * started ({@link CallRecord#TIMELINE}): its timeline. Empty for an unknown delivery.
	 */
	List<CallRecord> calls(String source, String deliveryId);

	/**
	 * Gives a claimed attempt back without an outcome (the kernel refused it, or the node is shutting
	 * down): the row stays {@code pending} with its lease ended, for any node's recovery to claim at once.
	 * Fenced by the attempt, like {@link #finished}.
	 */
	void released(DeliveryRef ref);

	/**
	 * Extends the lease of every row whose {@link DeliveryRef} this node still holds (handed out by
	 * {@link #accept} or {@link #claimExpired}, not yet reported, and still reachable: a handle dropped
	 * without a report stops being renewed, so its row is recovered after its lease); called every
	 * {@link InboxSettings#renewInterval()} by {@link InboxRecovery}. Keep the very handle you were given
	 * until you report it.
	 * @return the rows renewed
	 */
	int renewLeases();

	/**
	 * Claims up to {@code limit} pending rows whose lease expired (or that were replayed), on the
	 * database's clock, skipping rows another node is claiming: raises their attempts, takes their lease
	 * for this node, and returns them to be dispatched again. A row past {@code max-attempts} becomes
	 * {@code dead} instead (logged at WARN once, counted) and is not returned. Within the room left, it also
	 * claims the {@code failed} rows whose automatic retry came due on the inbox's clock
	 * ({@link InboxSettings#retries()}), pending again under this node's lease.
	 */
	List<ClaimedDelivery> claimExpired(int limit);

	/** A stored delivery, with its body when {@code withBody} and still kept. */
	Optional<DeliveryRecord> find(String source, String deliveryId, boolean withBody);

	/** A page of stored deliveries, newest first, without bodies. */
	DeliveryPage list(DeliveryQuery query);

	/**
	 * Per handler on the ledger (its name and kind), its runs and where they stand, ordered by name and
	 * kind, at most {@link HandlerFigures#MAX_HANDLERS}: one grouped read of the ledger, bounded by its
	 * retention and the operator's query timeout.
	 */
	List<HandlerFigures> handlerFigures();

	/**
	 * Marks a settled delivery for another run (its attempt budget renewed); recovery claims and
	 * dispatches it with {@link ClaimedDelivery#replay()} set.
	 */
	default ReplayOutcome replay(String source, String deliveryId) {
		return replay(source, deliveryId, ReplayScope.FAILED);
	}

	/**
	 * As {@link #replay(String, String)}, running again only what did not complete
	 * ({@link ReplayScope#FAILED}) or the whole cascade ({@link ReplayScope#ALL}).
	 */
	ReplayOutcome replay(String source, String deliveryId, ReplayScope scope);

	/**
	 * Marks every settled delivery matching the filter, whose body is kept, for another run, in bounded
	 * batches (each its own short transaction); recovery dispatches them at its own pace.
	 * @return how many were marked
	 */
	int replay(ReplayFilter filter);

	/** How many rows {@link #replay(ReplayFilter)} would mark now, marking none: its preview. */
	int replayCount(ReplayFilter filter);

	/**
	 * Applies retention in small batches: empties the bodies of rows completed longer than
	 * {@code retention} ago, deletes completed rows received longer than {@code dedupe-window} ago and
	 * failed or dead rows longer than {@code failed-retention} ago. Pending rows are never touched. "Now"
	 * is the inbox's {@link java.time.Clock}, so that tests can move it.
	 */
	Purged purge();

	/** The pending rows and the receipt of the oldest of them. */
	Backlog backlog();

	/**
	 * Per handler, its calls whose last record is retrying or dead ({@link CallTally}); handlers with
	 * neither are left out. A query: call it off the event loop, like {@link #backlog}.
	 */
	List<CallTally> callTallies();

	/** Cumulative counts since this inbox started. */
	InboxCounters counters();

	/** Whether the store can be reached now (a cheap round trip). */
	boolean healthy();

	/**
	 * Stops admitting (new {@link #accept} calls fail with {@link InboxUnavailableException}), commits
	 * what is queued and applies the outcomes reported so far. Rows still held stay {@code pending}
	 * under their lease, for recovery.
	 */
	@Override
	void close();

}
