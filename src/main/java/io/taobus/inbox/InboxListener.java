package io.taobus.inbox;

import java.util.List;

/**
 * Hears what the inbox does, for meters: the integration binds it to Micrometer (a timer of commit
 * latency, a distribution of batch sizes, counters of the rest). Called on the inbox's own threads;
 * implementations must be fast and must not throw. Every method does nothing by default.
 */
public interface InboxListener {

	/** A listener that hears nothing. */
	InboxListener NONE = new InboxListener() {
	};

	/**
	 * A group-commit window was committed.
	 * @param rows the deliveries it admitted (accepted, rerun or duplicate)
	 * @param nanos from the window's first enqueue to its commit
	 */
	default void committed(int rows, long nanos) {
	}

	/** A group-commit window failed: its deliveries were refused with {@link InboxUnavailableException}. */
	default void commitFailed(int rows, Throwable failure) {
	}

	/** A delivery was refused at once because the writer's queue was full. */
	default void rejected() {
	}

	/** Rows whose lease had expired were claimed again by this node. */
	default void recovered(int rows) {
	}

	/** Failed rows whose automatic retry came due were claimed by this node for their run. */
	default void retried(int rows) {
	}

	/** Replayed rows were claimed by this node for their run. */
	default void replayed(int rows) {
	}

	/** Rows reached {@code max-attempts}, or spent their retries ({@link InboxSettings#retries()}), and became {@code dead}. */
	default void dead(int rows) {
	}

	/** Completions were ignored because their attempt was no longer the row's current one. */
	default void fenced(int completions) {
	}

	/**
	 * Runs of a source's deliveries settled {@link DeliveryStatus#FAILED} (their cascade failed) or
	 * {@link DeliveryStatus#DEAD} (they reached {@code max-attempts}), after the change committed.
	 * @param source the deliveries' configured source
	 * @param status failed or dead
	 * @param rows how many
	 */
	default void deliveriesSettled(String source, DeliveryStatus status, int rows) {
	}

	/**
	 * The ledger committed calls of one delivery: those of a run of its cascade, or of one retry of an
	 * async call. Their statuses say what the ledger decided ({@link CallStatus#RETRYING} when a retry is
	 * due, {@link CallStatus#DEAD} when it gave up), so that meters and alerts hear a call's fate where the
	 * ledger decides it.
	 * @param source the delivery's source
	 * @param deliveryId the delivery's id
	 * @param calls the records, in the order they ended
	 */
	default void callsRecorded(String source, String deliveryId, List<CallRecord> calls) {
	}

	/**
	 * One listener that tells each of these, in order; an exception of one never keeps the others from
	 * hearing (each is {@linkplain GuardedListener guarded}).
	 */
	static InboxListener all(List<InboxListener> listeners) {
		return switch (listeners.size()) {
			case 0 -> NONE;
			case 1 -> listeners.getFirst();
			default -> new InboxListeners(listeners.stream().map(GuardedListener::of).toList());
		};
	}

}
