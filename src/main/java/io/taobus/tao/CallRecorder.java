package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * Told of every handler call of a cascade dispatched with a recording
 * ({@link Kernel#dispatch(AppCon, long, java.util.function.UnaryOperator, long, String, CallRecorder)}),
 * once the call has ended, so that a store can keep a ledger of calls. Called on the call's own thread,
 * possibly on several threads at once: it must be thread-safe and fast, and must not block. An exception
 * it throws is caught and ignored.
 *
 * <p>A recorder of a rerun may also give the calls of earlier runs not to run again
 * ({@link #priorCalls()}); the kernel tells it of each call it skips ({@link #skipped}) instead of running it.
 */
@FunctionalInterface
public interface CallRecorder {

	/** A handler call of the recorded cascade has ended. */
	void called(HandlerCall call);

	/**
	 * The calls of earlier runs this run skips, asked once when the cascade starts; none by default, and a
	 * cascade without them pays a null check per call.
	 */
	default @Nullable PriorCalls priorCalls() {
		return null;
	}

	/**
	 * A call the kernel did not run because {@link #priorCalls()} had it: its {@link HandlerCall#returned()}
	 * is what the earlier run returned, its outcome {@link Outcome#SUCCESS} (an intercept's
	 * {@link Outcome#HALTED} or {@link Outcome#DIVERTED} as it decided), its duration zero. Listeners are not
	 * told of it: it did not run.
	 */
	default void skipped(HandlerCall call) {
	}

}
