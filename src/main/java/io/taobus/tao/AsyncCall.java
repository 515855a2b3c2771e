package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * One call of one async handler for one AppCon, run by the {@link AsyncLane} in its own virtual
 * thread. Its error, or its timeout, is reported and swallowed; an AppCon it returns becomes the
 * continuation that starts a new cascade once the call's slot is free. When a caller watches the
 * cascade, the call is one unit of its {@link Completion}, closed once the call and the start of its
 * continuation are accounted for, or by the call's {@link Deadline} when it gives the call up. The call
 * of a recorded cascade is a {@link Recorded} one, which knows its hop; a call of a cascade that is not
 * recorded carries no hop.
 */
sealed class AsyncCall implements AsyncLane.Task, Deadline.Owner permits AsyncCall.Recorded {

	private final Kernel kernel;

	private final Registration registration;

	private final AppCon appCon;

	private final int depth;

	private final @Nullable Completion completion;

	private AsyncCall(Kernel kernel, Registration registration, AppCon appCon, int depth, @Nullable Completion completion) {
		this.kernel = kernel;
		this.registration = registration;
		this.appCon = appCon;
		this.depth = depth;
		this.completion = completion;
	}

	/**
	 * The call of an async handler: a {@link Recorded} one when it has a hop, in a recorded cascade.
	 * @param hop the hop of the dispatch that hands the call over, in a recorded cascade; else null
	 * @param index the index of the handler among that dispatch's async handlers
	 */
	static AsyncCall of(Kernel kernel, Registration registration, AppCon appCon, @Nullable String hop, int index,
			int depth, @Nullable Completion completion) {
		return (hop != null) ? new Recorded(kernel, registration, appCon, hop, index, depth, completion)
				: new AsyncCall(kernel, registration, appCon, depth, completion);
	}

	/** The hop of the dispatch that handed this call over, in a recorded cascade; else null. */
	@Nullable String hop() {
		return null;
	}

	/** The hop of the AppCon this call returns, in a recorded cascade; else null. */
	@Nullable String continuationHop() {
		return null;
	}

	@Override
	public HandlerInfo handler() {
		return this.registration.info();
	}

	@Override
	public @Nullable Runnable run() {
		CallId id = callId();
		if (id != null) {
			PriorCall prior = this.completion.recording.prior(id);
			if (prior instanceof PriorCall.Chained chained) {
				return skipped(id, chained.appCon());
			}
		}
		long start = this.kernel.callStart(this.registration, id != null);
		HookCall hook = HookCall.before(this.kernel.hook(), this.registration, this.appCon);
		Deadline deadline = Deadline.start(this.registration, start, this);
		AppCon next = null;
		Throwable error = null;
		try {
			next = (id != null) ? id.bind(this::invoke) : invoke();
		}
		catch (Throwable ex) {
			error = ex;
		}
		int end = (deadline != null) ? deadline.finish() : Deadline.ON_TIME;
		if (end == Deadline.GIVEN_UP) {
			// reported, and its unit closed, by givenUp
			if (hook != null) {
				hook.after(Outcome.TIMEOUT, deadline.givenUpError());
			}
			return null;
		}
		try {
			if (end == Deadline.TIMED_OUT || error != null) {
				Throwable failure = (end == Deadline.TIMED_OUT) ? deadline.exception(error) : error;
				Outcome outcome = (end == Deadline.TIMED_OUT) ? Outcome.TIMEOUT : Outcome.ERROR;
				swallow(start, outcome, failure);
				if (hook != null) {
					hook.after(outcome, failure);
				}
				return null;
			}
			finished(start, Outcome.SUCCESS, null, next);
			if (hook != null) {
				hook.after(Outcome.SUCCESS, null);
			}
			return continueWith(next);
		}
		finally {
			if (this.completion != null) {
				this.completion.closed();
			}
		}
	}

	/**
	 * Skips a call of a rerun that an earlier run completed ({@link PriorCalls}): the AppCon it returned
	 * then continues as it did; the handler is not invoked, nor the listeners or hook told.
	 */
	private @Nullable Runnable skipped(CallId id, @Nullable AppCon next) {
		try {
			this.completion.handlerCalled();
			this.completion.recording.skipped(id, hop(), this.appCon, this.registration, next);
			return continueWith(next);
		}
		finally {
			this.completion.closed();
		}
	}

	/** The cascade of the AppCon the call returned, if any, chained from its hop. */
	private @Nullable Runnable continueWith(@Nullable AppCon next) {
		if (this.completion != null) {
			Responses.returned(this.registration.handler(), next, this.completion.scope);
		}
		if (next == null || !this.kernel.accepts(next)) {
			return null;
		}
		return this.kernel.asyncContinuation(next, continuationHop(), this.depth + 1, this.completion);
	}

	private @Nullable AppCon invoke() throws Exception {
		Object handler = this.registration.handler();
		return (handler instanceof ScopedHandler scoped && this.completion != null && this.completion.scope != null)
				? (AppCon) scoped.handle(this.appCon, this.completion.scope)
				: ((AsyncHandler) handler).handle(this.appCon);
	}

	/** The id of this call in a recorded cascade, else null. */
	private @Nullable CallId callId() {
		Recording recording = (this.completion != null) ? this.completion.recording : null;
		String hop = hop();
		return (recording != null && hop != null) ? recording.id(hop, this.registration) : null;
	}

	@Override
	public void givenUp(Deadline deadline) {
		try {
			swallow(deadline.startNanos, Outcome.TIMEOUT, deadline.givenUpError());
			this.kernel.listeners().handlerNotCancellable(handler(), this.appCon, deadline.thread);
		}
		finally {
			if (this.completion != null) {
				this.completion.closed();
			}
		}
	}

	private void swallow(long start, Outcome outcome, Throwable error) {
		if (this.completion != null) {
			this.completion.asyncError();
		}
		finished(start, outcome, error, null);
		this.kernel.listeners().asyncErrorSwallowed(handler(), this.appCon, error);
	}

	private void finished(long start, Outcome outcome, @Nullable Throwable error, @Nullable AppCon returned) {
		long nanos = Kernel.elapsed(start);
		if (this.completion != null) {
			this.completion.handlerCalled();
			Recording recording = this.completion.recording;
			String hop = hop();
			if (recording != null && hop != null) {
				recording.called(recording.id(hop, this.registration), hop, this.appCon, this.registration, outcome, nanos,
						error, returned);
			}
		}
		this.kernel.listeners().handlerFinished(handler(), this.appCon, nanos, outcome, error);
	}

	/** The call of an async handler of a recorded cascade, with its hop. */
	static final class Recorded extends AsyncCall {

		private final String hop;

		/** The index of this handler among its dispatch's async handlers. */
		private final int index;

		private Recorded(Kernel kernel, Registration registration, AppCon appCon, String hop, int index, int depth,
				@Nullable Completion completion) {
			super(kernel, registration, appCon, depth, completion);
			this.hop = hop;
			this.index = index;
		}

		@Override
		String hop() {
			return this.hop;
		}

		@Override
		String continuationHop() {
			return this.hop + ".a" + this.index;
		}

	}

}
