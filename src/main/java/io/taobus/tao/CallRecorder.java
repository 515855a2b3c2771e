package io.taobus.tao;

/**
 * Told of every handler call of a cascade dispatched with a recording
 * ({@link Kernel#dispatch(AppCon, long, java.util.function.UnaryOperator, long, String, CallRecorder)}),
 * once the call has ended, so that a store can keep a ledger of calls. Called on the call's own thread,
 * possibly on several threads at once: it must be thread-safe and fast, and must not block. An exception
 * it throws is caught and ignored.
 */
@FunctionalInterface
public interface CallRecorder {

	/** A handler call of the recorded cascade has ended. */
	void called(HandlerCall call);

}
