package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * One call of one async handler for one AppCon, run by the {@link AsyncLane} in its own virtual
 * thread. Its error is reported and swallowed; an AppCon it returns becomes the continuation that
 * starts a new cascade once the call's slot is free.
 */
record AsyncCall(Kernel kernel, Registration registration, AppCon appCon, int depth) implements AsyncLane.Task {

	@Override
	public HandlerInfo handler() {
		return this.registration.info();
	}

	@Override
	public @Nullable Runnable run() {
		Listeners listeners = this.kernel.listeners();
		long start = System.nanoTime();
		AppCon next;
		try {
			next = ((AsyncHandler) this.registration.handler()).handle(this.appCon);
		}
		catch (Throwable ex) {
			listeners.handlerFinished(handler(), this.appCon, System.nanoTime() - start, Outcome.ERROR, ex);
			listeners.asyncErrorSwallowed(handler(), this.appCon, ex);
			return null;
		}
		listeners.handlerFinished(handler(), this.appCon, System.nanoTime() - start, Outcome.SUCCESS, null);
		if (next == null || !this.kernel.accepts(next)) {
			return null;
		}
		return this.kernel.asyncContinuation(next, this.depth + 1);
	}

}
