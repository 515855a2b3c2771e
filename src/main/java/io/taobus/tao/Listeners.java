package io.taobus.tao;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * All of a kernel's listeners behind one {@link KernelListener}: each event goes to every listener in
 * order, and an exception from one is caught so that it can break neither the dispatch nor the other
 * listeners.
 */
final class Listeners implements KernelListener {

	private final KernelListener[] listeners;

	Listeners(List<KernelListener> listeners) {
		this.listeners = listeners.toArray(KernelListener[]::new);
	}

	boolean isEmpty() {
		return this.listeners.length == 0;
	}

	@Override
	public void appConDispatched(AppCon appCon, boolean matched) {
		for (KernelListener listener : this.listeners) {
			try {
				listener.appConDispatched(appCon, matched);
			}
			catch (RuntimeException ex) {
				// a listener must never break a dispatch
			}
		}
	}

	@Override
	public void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome,
			@Nullable Throwable error) {
		for (KernelListener listener : this.listeners) {
			try {
				listener.handlerFinished(handler, appCon, nanos, outcome, error);
			}
			catch (RuntimeException ex) {
				// a listener must never break a dispatch
			}
		}
	}

	@Override
	public void asyncErrorSwallowed(HandlerInfo handler, AppCon appCon, Throwable error) {
		each((listener) -> listener.asyncErrorSwallowed(handler, appCon, error));
	}

	@Override
	public void asyncQueued(HandlerInfo handler, int queueDepth) {
		each((listener) -> listener.asyncQueued(handler, queueDepth));
	}

	@Override
	public void asyncStarted(HandlerInfo handler, int active, int queueDepth) {
		for (KernelListener listener : this.listeners) {
			try {
				listener.asyncStarted(handler, active, queueDepth);
			}
			catch (RuntimeException ex) {
				// a listener must never break a dispatch
			}
		}
	}

	@Override
	public void asyncFinished(HandlerInfo handler, int active, int queueDepth) {
		for (KernelListener listener : this.listeners) {
			try {
				listener.asyncFinished(handler, active, queueDepth);
			}
			catch (RuntimeException ex) {
				// a listener must never break a dispatch
			}
		}
	}

	@Override
	public void dispatchRejected(AppCon appCon, boolean closed) {
		each((listener) -> listener.dispatchRejected(appCon, closed));
	}

	@Override
	public void cascadeDepthExceeded(AppCon appCon, int depth) {
		each((listener) -> listener.cascadeDepthExceeded(appCon, depth));
	}

	@Override
	public void wildcardIgnored(AppCon appCon) {
		each((listener) -> listener.wildcardIgnored(appCon));
	}

	@Override
	public void handlerNotCancellable(HandlerInfo handler, AppCon appCon, Thread thread) {
		each((listener) -> listener.handlerNotCancellable(handler, appCon, thread));
	}

	@Override
	public void closeTimedOut(int interruptedThreads, int abandonedCascades) {
		each((listener) -> listener.closeTimedOut(interruptedThreads, abandonedCascades));
	}

	@Override
	public void cascadeFinished(AppCon root, long nanos) {
		for (KernelListener listener : this.listeners) {
			try {
				listener.cascadeFinished(root, nanos);
			}
			catch (RuntimeException ex) {
				// a listener must never break a dispatch
			}
		}
	}

	/** For the rarer events; the per-dispatch and per-call ones above avoid the lambda (an allocation per event). */
	private void each(java.util.function.Consumer<KernelListener> event) {
		for (KernelListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				// a listener must never break a dispatch
			}
		}
	}

}
