package io.taobus.inbox;

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

}
