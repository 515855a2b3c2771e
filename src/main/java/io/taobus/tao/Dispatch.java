package io.taobus.tao;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
 *
 * <p>In a cascade entered through a {@link Channel}, each chained AppCon is first dispatched on the
 * channel's private handlers, then (as the private dispatch's sibling) on the kernel's: a
 * {@code mirror} dispatch, whose AppCons chain into the same cascade, as in tao.js 0.19+.
 *
 * <p>A handler call past its timeout ends the dispatch as an error does. One that is given up (it did
 * not stop when interrupted) is reported, and its siblings forked and its place in the cascade
 * released, by its {@link Deadline}; its thread, when it ends at last, only releases its admission.
 *
 * <p>The dispatch of a recorded cascade is a {@link Recorded} one, which knows its hop; a cascade that is
 * not recorded carries no hop, so that it allocates what it did before the ledger.
 */
sealed class Dispatch implements Deadline.Owner permits Dispatch.Recorded {

	/** What {@link #call} returns when the dispatch stops: the handler failed, timed out or was given up. */
	private static final Object STOP = new Object();

	/** What {@link #skip} returns when the call is to run. */
	private static final Object RUN = new Object();

	private static final VarHandle SIBLINGS;

	static {
		try {
			SIBLINGS = MethodHandles.lookup().findVarHandle(Dispatch.class, "siblings", Spool.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Kernel kernel;

	private final AppCon appCon;

	private final Route route;

	private final Cascade cascade;

	private final int depth;

	/** Whether this is the private dispatch of a chained AppCon on its cascade's {@link Scope}. */
	private final boolean mirror;

	private @Nullable Spool siblings;

	/** Set on this dispatch's thread once its deadline gave a handler call up. */
	private boolean givenUp;

	private Dispatch(Kernel kernel, AppCon appCon, Route route, Cascade cascade, int depth, @Nullable Spool siblings,
			boolean mirror) {
		this.kernel = kernel;
		this.appCon = appCon;
		this.route = route;
		this.cascade = cascade;
		this.depth = depth;
		this.siblings = siblings;
		this.mirror = mirror;
	}

	/** The dispatch of an AppCon: a {@link Recorded} one when it has a hop, in a recorded cascade. */
	static Dispatch of(Kernel kernel, AppCon appCon, @Nullable String hop, Route route, Cascade cascade, int depth,
			@Nullable Spool siblings, boolean mirror) {
		return (hop != null) ? new Recorded(kernel, appCon, hop, route, cascade, depth, siblings, mirror)
				: new Dispatch(kernel, appCon, route, cascade, depth, siblings, mirror);
	}

	/** This AppCon's hop in a recorded cascade ({@link HandlerCall}), else null. */
	@Nullable String hop() {
		return null;
	}

	/**
	 * Runs this dispatch; returns the dispatch to continue with on this thread, or {@code null}. The first
	 * AppCon it chained continues here and takes over this dispatch's place in the cascade and its
	 * admission ({@link Kernel#openChained}), so only a dispatch that chained nothing closes them.
	 */
	@Nullable Dispatch run() {
		Spool chained = null;
		try {
			chained = phases();
		}
		finally {
			forkSiblings();
			if (chained == null) {
				if (!this.givenUp) {
					this.kernel.closeInCascade(this.cascade);
				}
				this.kernel.releasePending();
			}
		}
		return (chained != null) ? this.kernel.next(chained, this.cascade, this.depth + 1, false) : null;
	}

	/** The spool of what an intercept diverted to (the rare branch, kept out of {@link #phases}). */
	private @Nullable Spool diverted(Intercept.Divert divert, @Nullable String hop, int intercept) {
		forkSiblings();
		return chain(new AppCon[] { divert.next() }, 1, (hop != null) ? new String[] { hop + ".d" + intercept } : null);
	}

	/** Hands the async handlers their calls, out of band, then forks the siblings. */
	private void submitAsyncs(Registration[] asyncs, @Nullable String hop) {
		Completion completion = this.cascade.completion;
		for (int i = 0; i < asyncs.length; i++) {
			if (completion != null) {
				completion.opened();
			}
			this.kernel.submitAsync(AsyncCall.of(this.kernel, asyncs[i], this.appCon, hop, i, this.depth, completion));
		}
		forkSiblings();
	}

	private @Nullable Spool phases() {
		Route route = this.route;
		String hop = hop();
		if (!this.mirror) { // a chained AppCon is reported once, by its main dispatch
			this.kernel.listeners().appConDispatched(this.appCon, !route.isEmpty());
		}
		for (int i = 0; i < route.intercepts.length; i++) {
			Object decision = call(route.intercepts[i]);
			if (decision == STOP || decision instanceof Intercept.Halt) {
				return null;
			}
			if (decision instanceof Intercept.Divert divert) {
				return diverted(divert, hop, i);
			}
			forkSiblings();
		}
		if (route.asyncs.length > 0) {
			submitAsyncs(route.asyncs, hop);
		}
		AppCon[] spool = null;
		String[] hops = null;
		int spooled = 0;
		for (int i = 0; i < route.inlines.length; i++) {
			Object next = call(route.inlines[i]);
			if (next == STOP) {
				return null;
			}
			forkSiblings();
			if (next != null) {
				if (spool == null) {
					spool = new AppCon[route.inlines.length];
					hops = (hop != null) ? new String[route.inlines.length] : null;
				}
				if (hops != null) {
					hops[spooled] = hop + "." + i;
				}
				spool[spooled++] = (AppCon) next;
			}
		}
		return (spool != null) ? chain(spool, spooled, hops) : null;
	}

	/**
	 * Calls an intercept or inline handler, under its deadline and hook if it has them, and reports
	 * how it ended.
	 * @return what it returned, or {@link #STOP} when it threw or timed out, or was given up
	 */
	private @Nullable Object call(Registration registration) {
		CallId id = callId(registration);
		if (id != null) {
			Object skipped = skip(registration, id);
			if (skipped != RUN) {
				return skipped;
			}
		}
		long start = this.kernel.callStart(registration, id != null);
		HookCall hook = HookCall.before(this.kernel.hook(), registration, this.appCon);
		Deadline deadline = Deadline.start(registration, start, this);
		Object result = null;
		Throwable error = null;
		try {
			result = (id != null) ? id.bind(() -> invoke(registration)) : invoke(registration);
		}
		catch (Throwable ex) {
			error = ex;
		}
		int end = (deadline != null) ? deadline.finish() : Deadline.ON_TIME;
		if (end == Deadline.GIVEN_UP) {
			this.givenUp = true; // reported by givenUp
			if (hook != null) {
				hook.after(Outcome.TIMEOUT, deadline.givenUpError());
			}
			return STOP;
		}
		if (end == Deadline.TIMED_OUT || error != null) {
			Throwable failure = (end == Deadline.TIMED_OUT) ? deadline.exception(error) : error;
			Outcome outcome = (end == Deadline.TIMED_OUT) ? Outcome.TIMEOUT : Outcome.ERROR;
			failed(registration, id, start, outcome, failure);
			if (hook != null) {
				hook.after(outcome, failure);
			}
			return STOP;
		}
		if (result == null && registration.info().kind() == HandlerKind.INTERCEPT) {
			result = Intercept.proceed();
		}
		Outcome outcome = Recording.outcomeOf(result);
		finished(registration, id, start, outcome, null, result);
		if (hook != null) {
			hook.after(outcome, null);
		}
		Responses.returned(registration.handler(), result, this.cascade.scope());
		return result;
	}

	/**
	 * Skips a call of a rerun that an earlier run completed ({@link PriorCalls}): what it returned then is
	 * returned now, and the recorder told; the handler is not invoked, nor the listeners or hook told.
	 * @return what it returned, or {@link #RUN} when it is to run
	 */
	private @Nullable Object skip(Registration registration, CallId id) {
		Completion completion = this.cascade.completion;
		Recording recording = (completion != null) ? completion.recording : null;
		String hop = hop();
		PriorCall prior = (recording != null && hop != null) ? recording.prior(id) : null;
		if (prior == null) {
			return RUN;
		}
		Object result;
		if (registration.info().kind() == HandlerKind.INTERCEPT) {
			if (!(prior instanceof PriorCall.Decided decided)) {
				return RUN;
			}
			result = decided.decision();
		}
		else {
			if (!(prior instanceof PriorCall.Chained chained)) {
				return RUN;
			}
			result = chained.appCon();
		}
		completion.handlerCalled();
		recording.skipped(id, hop, this.appCon, registration, result);
		Responses.returned(registration.handler(), result, this.cascade.scope());
		return result;
	}

	private @Nullable Object invoke(Registration registration) throws Exception {
		Object handler = registration.handler();
		Scope scope = this.mirror ? this.cascade.scope() : null;
		if (scope != null && handler instanceof ScopedHandler scoped) {
			return scoped.handle(this.appCon, scope);
		}
		return (registration.info().kind() == HandlerKind.INTERCEPT)
				? ((InterceptHandler) handler).handle(this.appCon) : ((InlineHandler) handler).handle(this.appCon);
	}

	/** The id of a call in a recorded cascade, else null. */
	private @Nullable CallId callId(Registration registration) {
		Completion completion = this.cascade.completion;
		Recording recording = (completion != null) ? completion.recording : null;
		String hop = hop();
		return (recording != null && hop != null) ? recording.id(hop, registration) : null;
	}

	/** A handler call that did not stop when interrupted: the dispatch ends here for the cascade. */
	@Override
	public void givenUp(Deadline deadline) {
		failed(deadline.registration, callId(deadline.registration), deadline.startNanos, Outcome.TIMEOUT,
				deadline.givenUpError());
		this.kernel.listeners().handlerNotCancellable(deadline.registration.info(), this.appCon, deadline.thread);
		forkSiblings();
		this.kernel.closeInCascade(this.cascade);
	}

	/** Opens the chained AppCons that pass the wildcard rule and the depth limit. */
	private @Nullable Spool chain(AppCon[] chained, int count, String @Nullable [] hops) {
		int accepted = 0;
		for (int i = 0; i < count; i++) {
			if (this.kernel.accepts(chained[i])) {
				if (hops != null) {
					hops[accepted] = hops[i];
				}
				chained[accepted++] = chained[i];
			}
		}
		if (accepted == 0 || !this.kernel.openChained(this.cascade, chained, accepted, this.depth + 1)) {
			return null;
		}
		return Spool.of(chained, accepted, hops);
	}

	/** Hands the siblings on once; a given-up call's deadline may do it from another thread. */
	private void forkSiblings() {
		if (this.siblings != null) {
			Spool pending = (Spool) SIBLINGS.getAndSet(this, (Spool) null);
			if (pending != null) {
				// a private dispatch's siblings begin with its own AppCon, put back for its main dispatch
				this.kernel.fork(pending, this.cascade, this.depth, this.mirror);
			}
		}
	}

	private void failed(Registration registration, @Nullable CallId id, long start, Outcome outcome, Throwable error) {
		if (this.cascade.completion != null) {
			this.cascade.completion.failed(error);
		}
		finished(registration, id, start, outcome, error, null);
	}

	private void finished(Registration registration, @Nullable CallId id, long start, Outcome outcome,
			@Nullable Throwable error, @Nullable Object returned) {
		long nanos = Kernel.elapsed(start);
		Completion completion = this.cascade.completion;
		if (completion != null) {
			completion.handlerCalled();
			String hop = hop();
			if (id != null && completion.recording != null && hop != null) {
				completion.recording.called(id, hop, this.appCon, registration, outcome, nanos, error, returned);
			}
		}
		this.kernel.listeners().handlerFinished(registration.info(), this.appCon, nanos, outcome, error);
	}

	/** The dispatch of an AppCon of a recorded cascade, with its hop. */
	static final class Recorded extends Dispatch {

		private final String hop;

		private Recorded(Kernel kernel, AppCon appCon, String hop, Route route, Cascade cascade, int depth,
				@Nullable Spool siblings, boolean mirror) {
			super(kernel, appCon, route, cascade, depth, siblings, mirror);
			this.hop = hop;
		}

		@Override
		String hop() {
			return this.hop;
		}

	}

}
