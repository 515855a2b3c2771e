package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * Callbacks for everything that happens on the bus, so that metrics, logs and live views can be
 * built outside the kernel (the kernel itself measures nothing). Every method has an empty default.
 *
 * <p>Callbacks run synchronously on the thread where the event happens, often a dispatch's virtual
 * thread, and for an AppCon no handler matches, the thread that set it (in taobus, an event-loop
 * thread), so they must be fast and must not block. An exception thrown by a listener is caught and
 * ignored: a listener can never break a dispatch.
 */
public interface KernelListener {

	/**
	 * An AppCon is about to run its handlers.
	 * @param appCon the AppCon
	 * @param matched whether any handler matches it
	 */
	default void appConDispatched(AppCon appCon, boolean matched) {
	}

	/**
	 * A handler call has ended.
	 * @param handler the registration that ran
	 * @param appCon the AppCon it handled
	 * @param nanos how long the call took
	 * @param outcome how it ended
	 * @param error the exception when {@code outcome} is {@link Outcome#ERROR}, a
	 * {@link HandlerTimeoutException} when it is {@link Outcome#TIMEOUT}
	 */
	default void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome,
			@Nullable Throwable error) {
	}

	/** An async handler threw or timed out; the error was swallowed. */
	default void asyncErrorSwallowed(HandlerInfo handler, AppCon appCon, Throwable error) {
	}

	/**
	 * An async call waits for a free slot ({@code maxAsyncConcurrency} are running).
	 * @param queueDepth the number of async calls now waiting
	 */
	default void asyncQueued(HandlerInfo handler, int queueDepth) {
	}

	/**
	 * An async call got a slot and its virtual thread starts.
	 * @param active the number of async calls now running
	 * @param queueDepth the number still waiting
	 */
	default void asyncStarted(HandlerInfo handler, int active, int queueDepth) {
	}

	/** An async call has ended, successfully or not. */
	default void asyncFinished(HandlerInfo handler, int active, int queueDepth) {
	}

	/**
	 * {@link Kernel#setAppCon} refused an AppCon.
	 * @param closed {@code true} when the kernel is closed, {@code false} when it is saturated
	 */
	default void dispatchRejected(AppCon appCon, boolean closed) {
	}

	/** An AppCon was dropped because it would pass {@code maxCascadeDepth}. */
	default void cascadeDepthExceeded(AppCon appCon, int depth) {
	}

	/** A wildcard AppCon was ignored because the kernel does not allow setting wildcards. */
	default void wildcardIgnored(AppCon appCon) {
	}

	/**
	 * A handler call ran past its timeout and did not stop within the grace period after its thread
	 * was interrupted (CPU-bound code that never checks, or I/O that ignores interrupts). It has been
	 * reported as {@link Outcome#TIMEOUT}; its cascade no longer waits for it; the thread runs on,
	 * abandoned, and its result will be dropped. Called on a platform thread of the kernel's.
	 * @param thread the thread still running the call, for example to log its stack
	 */
	default void handlerNotCancellable(HandlerInfo handler, AppCon appCon, Thread thread) {
	}

	/**
	 * {@link Kernel#close(java.time.Duration)} gave up waiting: work was still in flight at its timeout.
	 * @param interruptedThreads the kernel's threads still running a cascade or an async call, now interrupted
	 * @param abandonedCascades the tracked cascades (watched through {@link Kernel#dispatch}, or weighed)
	 * whose stages were ended with {@link KernelClosedException}
	 */
	default void closeTimedOut(int interruptedThreads, int abandonedCascades) {
	}

	/**
	 * The last dispatch of a cascade has ended: the entry AppCon and every AppCon its intercepts
	 * diverted to and its inline handlers chained. (An AppCon an async handler returns starts a cascade
	 * of its own.) A dispatch whose handler call was given up at its timeout counts as ended.
	 * @param root the AppCon that started the cascade
	 * @param nanos the time from the cascade's start to the end of its last dispatch
	 */
	default void cascadeFinished(AppCon root, long nanos) {
	}

}
