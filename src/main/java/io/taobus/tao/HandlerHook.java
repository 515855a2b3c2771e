package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * An around-hook of every handler call, run on the call's own thread: {@link #before} right before
 * the handler is called, {@link #after} right after, on the same thread, once the outcome is known.
 * It is what a tracer needs to open a span per handler call and put it in scope while the handler
 * runs (so that the handler's logs and outgoing calls carry it), which a {@link KernelListener},
 * told only afterwards, cannot. Set one with {@link KernelBuilder#handlerHook}; a kernel without one
 * pays a null check per call.
 *
 * <p>Both methods must be fast and must not throw: an exception from either is caught and ignored,
 * and the handler is called regardless. For a call given up at its timeout
 * ({@link KernelListener#handlerNotCancellable}), {@code after} runs when its thread ends at last,
 * if ever, with {@link Outcome#TIMEOUT}.
 */
public interface HandlerHook {

	/**
	 * A handler call is about to start on the current thread.
	 * @return a context handed back to {@link #after}, such as the span and its scope; may be {@code null}
	 */
	@Nullable Object before(HandlerInfo handler, AppCon appCon);

	/**
	 * The handler call has ended, on the thread that called {@link #before}.
	 * @param context what {@code before} returned
	 * @param outcome how the call ended
	 * @param error the exception for {@link Outcome#ERROR}, a {@link HandlerTimeoutException} for
	 * {@link Outcome#TIMEOUT}, else {@code null}
	 */
	void after(@Nullable Object context, HandlerInfo handler, AppCon appCon, Outcome outcome, @Nullable Throwable error);

}
