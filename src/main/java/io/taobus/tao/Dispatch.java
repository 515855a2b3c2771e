package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * One dispatch of one AppCon through its three phases, on the current (virtual) thread: intercepts
 * one at a time until one halts or diverts; then every async call handed over; then inline handlers
 * one at a time, their returned AppCons spooled; then the spool.
 *
 * <p>Siblings (the rest of the spool that chained this AppCon) are handed to a new virtual thread
 * right after this dispatch's first step, as in tao.js, where a forwarded AppCon runs up to its
 * first await before the next is forwarded: the first intercept returned, or the async calls were
 * handed over, or the first inline handler returned, or there was nothing to run. So chained
 * AppCons begin in spool order, yet none waits for another to finish (tao.js "Chaining = Fanout").
 */
final class Dispatch {

	private final Kernel kernel;

	private final AppCon appCon;

	private final Route route;

	private final Cascade cascade;

	private final int depth;

	private @Nullable Spool siblings;

	Dispatch(Kernel kernel, AppCon appCon, Route route, Cascade cascade, int depth, @Nullable Spool siblings) {
		this.kernel = kernel;
		this.appCon = appCon;
		this.route = route;
		this.cascade = cascade;
		this.depth = depth;
		this.siblings = siblings;
	}

	/** Runs this dispatch; returns the dispatch to continue with on this thread, or {@code null}. */
	@Nullable Dispatch run() {
		Spool chained = null;
		try {
			chained = phases();
		}
		finally {
			forkSiblings();
			this.kernel.closeDispatch(this.cascade);
		}
		if (chained == null) {
			return null;
		}
		AppCon next = chained.next();
		return new Dispatch(this.kernel, next, this.kernel.route(next), this.cascade, this.depth + 1,
				chained.hasNext() ? chained : null);
	}

	private @Nullable Spool phases() {
		Listeners listeners = this.kernel.listeners();
		Route route = this.route;
		listeners.appConDispatched(this.appCon, !route.isEmpty());
		for (Registration registration : route.intercepts) {
			long start = System.nanoTime();
			Intercept decision;
			try {
				decision = ((InterceptHandler) registration.handler()).handle(this.appCon);
			}
			catch (Throwable ex) {
				failed(registration, start, ex);
				return null;
			}
			switch ((decision != null) ? decision : Intercept.proceed()) {
				case Intercept.Proceed proceed -> finished(registration, start, Outcome.SUCCESS, null);
				case Intercept.Halt halt -> {
					finished(registration, start, Outcome.HALTED, null);
					return null;
				}
				case Intercept.Divert divert -> {
					finished(registration, start, Outcome.DIVERTED, null);
					forkSiblings();
					return chain(new AppCon[] { divert.next() }, 1);
				}
			}
			forkSiblings();
		}
		Completion completion = this.cascade.completion;
		for (Registration registration : route.asyncs) {
			if (completion != null) {
				completion.opened();
			}
			this.kernel.submitAsync(new AsyncCall(this.kernel, registration, this.appCon, this.depth, completion));
		}
		if (route.asyncs.length > 0) {
			forkSiblings();
		}
		AppCon[] spool = null;
		int spooled = 0;
		for (Registration registration : route.inlines) {
			long start = System.nanoTime();
			AppCon next;
			try {
				next = ((InlineHandler) registration.handler()).handle(this.appCon);
			}
			catch (Throwable ex) {
				failed(registration, start, ex);
				return null;
			}
			finished(registration, start, Outcome.SUCCESS, null);
			forkSiblings();
			if (next != null) {
				if (spool == null) {
					spool = new AppCon[route.inlines.length];
				}
				spool[spooled++] = next;
			}
		}
		return (spool != null) ? chain(spool, spooled) : null;
	}

	/** Opens the chained AppCons that pass the wildcard rule and the depth limit. */
	private @Nullable Spool chain(AppCon[] chained, int count) {
		int accepted = 0;
		for (int i = 0; i < count; i++) {
			if (this.kernel.accepts(chained[i])) {
				chained[accepted++] = chained[i];
			}
		}
		if (accepted == 0 || !this.kernel.openChained(this.cascade, chained, accepted, this.depth + 1)) {
			return null;
		}
		return new Spool(chained, accepted);
	}

	private void forkSiblings() {
		Spool pending = this.siblings;
		if (pending != null) {
			this.siblings = null;
			this.kernel.fork(pending, this.cascade, this.depth);
		}
	}

	private void failed(Registration registration, long start, Throwable error) {
		if (this.cascade.completion != null) {
			this.cascade.completion.failed(error);
		}
		finished(registration, start, Outcome.ERROR, error);
	}

	private void finished(Registration registration, long start, Outcome outcome, @Nullable Throwable error) {
		if (this.cascade.completion != null) {
			this.cascade.completion.handlerCalled();
		}
		this.kernel.listeners()
			.handlerFinished(registration.info(), this.appCon, System.nanoTime() - start, outcome, error);
	}

}
