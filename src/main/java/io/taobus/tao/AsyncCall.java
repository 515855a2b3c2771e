package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * One call of one async handler for one AppCon, run by the {@link AsyncLane} in its own virtual
 * thread. Its error is reported and swallowed; an AppCon it returns becomes the continuation that
 * starts a new cascade once the call's slot is free. When a caller watches the cascade, the call is
 * one unit of its {@link Completion}, closed once the call and the start of its continuation are
 * accounted for.
 */
record AsyncCall(Kernel kernel, Registration registration, AppCon appCon, int depth,
		@Nullable Completion completion) implements AsyncLane.Task {

	@Override
	public HandlerInfo handler() {
		return this.registration.info();
	}

	@Override
	public @Nullable Runnable run() {
		try {
			return call();
		}
		finally {
			if (this.completion != null) {
				this.completion.closed();
			}
		}
	}

	private @Nullable Runnable call() {
		Listeners listeners = this.kernel.listeners();
		long start = System.nanoTime();
		AppCon next;
		try {
			next = ((AsyncHandler) this.registration.handler()).handle(this.appCon);
		}
		catch (Throwable ex) {
			if (this.completion != null) {
				this.completion.handlerCalled();
				this.completion.asyncError();
			}
			listeners.handlerFinished(handler(), this.appCon, System.nanoTime() - start, Outcome.ERROR, ex);
			listeners.asyncErrorSwallowed(handler(), this.appCon, ex);
			return null;
		}
		if (this.completion != null) {
			this.completion.handlerCalled();
		}
		listeners.handlerFinished(handler(), this.appCon, System.nanoTime() - start, Outcome.SUCCESS, null);
		if (next == null || !this.kernel.accepts(next)) {
			return null;
		}
		return this.kernel.asyncContinuation(next, this.depth + 1, this.completion);
	}

}
