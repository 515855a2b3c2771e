package io.taobus.tao;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The TAO bus: handlers register under trigram patterns, and each AppCon set on the kernel is
 * dispatched to the handlers whose patterns match it, phase by phase: intercept, then async, then
 * inline, then the AppCons the inline handlers chained. See the package documentation of each
 * handler type for its phase's contract.
 *
 * <p><b>Threading.</b> {@link #setAppCon} returns at once and never runs a handler on the caller's
 * thread: each cascade runs on a virtual thread of its own, each async call on another. An AppCon
 * that no handler matches when it is set needs no thread: its dispatch ends within {@code setAppCon},
 * where the listeners are told of it. All methods are thread-safe.
 *
 * <p><b>Errors.</b> Handler errors are reported to the {@link KernelListener}s and never thrown to a
 * caller. {@code setAppCon} throws only for a {@code null} argument and {@link KernelSaturatedException}
 * (or its {@link KernelClosedException}) when it admits nothing. {@link #dispatch} does the same and
 * tells when the cascade has finished, with its counts and first failure.
 *
 * <p><b>Timeouts.</b> A handler call may have a timeout ({@link KernelBuilder#handlerTimeout}, or its
 * registration's), after which its thread is interrupted and the call ends with
 * {@link Outcome#TIMEOUT}; a close past its own timeout interrupts whatever still runs.
 *
 * <p><b>Differences from tao.js</b>, each deliberate: matching is computed when a dispatch starts (for
 * an AppCon set from outside, when it is set) and costs no memory for unmatched trigrams (§1.4
 * limitation); an explicit {@code *|*|*} reaches every trigram (quirk Q1); removal removes exactly one
 * registration (Q2, Q3); order within a phase is registration order, fixed per dispatch (Q6, Q7);
 * chains stop at {@code maxCascadeDepth} (issue #1); admission is bounded (backpressure).
 */
public final class Kernel implements AutoCloseable {

	/** The start of a handler call whose duration nothing reads ({@link #callStart}). */
	static final long UNTIMED = Long.MIN_VALUE;

	private final boolean allowWildcardSet;

	private final int maxCascadeDepth;

	private final Duration closeTimeout;

	private final long handlerTimeoutNanos;

	private final @Nullable HandlerHook hook;

	private final Listeners listeners;

	private final UnaryOperator<Runnable> taskDecorator;

	private final Admission admission;

	private final AsyncLane asyncLane;

	private final HandlerTable handlers = new HandlerTable();

	private final Completions completions;

	private final Running running = new Running();

	private final CascadeThreads threads;

	private Kernel(KernelBuilder builder) {
		this.allowWildcardSet = builder.allowWildcardSet;
		this.maxCascadeDepth = builder.maxCascadeDepth;
		this.closeTimeout = builder.closeTimeout;
		this.handlerTimeoutNanos = builder.handlerTimeoutNanos;
		this.hook = builder.handlerHook;
		this.listeners = new Listeners(builder.listeners);
		this.taskDecorator = builder.taskDecorator;
		this.admission = new Admission(builder, this.listeners, this.running);
		this.completions = new Completions(this.admission::releaseBytes);
		this.asyncLane = this.admission.asyncLane();
		this.threads = new CascadeThreads(this, this.running, this.taskDecorator);
	}

	/** A builder with the defaults: no wildcard set, depth 64, 10,000 pending, unbounded async. */
	public static KernelBuilder builder() {
		return new KernelBuilder(Kernel::new);
	}

	// ---- registration ------------------------------------------------------------------------

	/** Registers an inline handler, named after its class. */
	public Registration addInlineHandler(Trigram pattern, InlineHandler handler) {
		return add(pattern, HandlerKind.INLINE, handler, null, this.handlerTimeoutNanos);
	}

	/** Registers an inline handler under a readable name. */
	public Registration addInlineHandler(Trigram pattern, String name, InlineHandler handler) {
		return add(pattern, HandlerKind.INLINE, handler, name, this.handlerTimeoutNanos);
	}

	/**
	 * Registers an inline handler under a readable name, with its own timeout instead of the kernel's
	 * {@link KernelBuilder#handlerTimeout} ({@link Duration#ZERO}: none).
	 */
	public Registration addInlineHandler(Trigram pattern, String name, Duration timeout, InlineHandler handler) {
		return add(pattern, HandlerKind.INLINE, handler, name, KernelBuilder.timeoutNanos(timeout));
	}

	/** Registers an async handler, named after its class. */
	public Registration addAsyncHandler(Trigram pattern, AsyncHandler handler) {
		return add(pattern, HandlerKind.ASYNC, handler, null, this.handlerTimeoutNanos);
	}

	/** Registers an async handler under a readable name. */
	public Registration addAsyncHandler(Trigram pattern, String name, AsyncHandler handler) {
		return add(pattern, HandlerKind.ASYNC, handler, name, this.handlerTimeoutNanos);
	}

	/** Registers an async handler under a readable name, with its own timeout ({@link Duration#ZERO}: none). */
	public Registration addAsyncHandler(Trigram pattern, String name, Duration timeout, AsyncHandler handler) {
		return add(pattern, HandlerKind.ASYNC, handler, name, KernelBuilder.timeoutNanos(timeout));
	}

	/**
	 * Registers an async handler under a readable name, with its own timeout ({@link Duration#ZERO}: none,
	 * {@code null}: the kernel's) and its own retries, in place of {@link AsyncRetries#DEFAULT}: how a store
	 * that records the cascade retries its failed calls.
	 */
	public Registration addAsyncHandler(Trigram pattern, String name, @Nullable Duration timeout, AsyncRetries retries,
			AsyncHandler handler) {
		return this.handlers.add(pattern, HandlerKind.ASYNC, handler, name,
				(timeout != null) ? KernelBuilder.timeoutNanos(timeout) : this.handlerTimeoutNanos,
				Objects.requireNonNull(retries, "retries"));
	}

	/** Registers an intercept handler, named after its class. */
	public Registration addInterceptHandler(Trigram pattern, InterceptHandler handler) {
		return add(pattern, HandlerKind.INTERCEPT, handler, null, this.handlerTimeoutNanos);
	}

	/** Registers an intercept handler under a readable name. */
	public Registration addInterceptHandler(Trigram pattern, String name, InterceptHandler handler) {
		return add(pattern, HandlerKind.INTERCEPT, handler, name, this.handlerTimeoutNanos);
	}

	/** Registers an intercept handler under a readable name, with its own timeout ({@link Duration#ZERO}: none). */
	public Registration addInterceptHandler(Trigram pattern, String name, Duration timeout, InterceptHandler handler) {
		return add(pattern, HandlerKind.INTERCEPT, handler, name, KernelBuilder.timeoutNanos(timeout));
	}

	/** Removes the registration of this handler under exactly this pattern; true if there was one. */
	public boolean removeInlineHandler(Trigram pattern, InlineHandler handler) {
		return this.handlers.remove(pattern, HandlerKind.INLINE, handler);
	}

	/** Removes the registration of this handler under exactly this pattern; true if there was one. */
	public boolean removeAsyncHandler(Trigram pattern, AsyncHandler handler) {
		return this.handlers.remove(pattern, HandlerKind.ASYNC, handler);
	}

	/** Removes the registration of this handler under exactly this pattern; true if there was one. */
	public boolean removeInterceptHandler(Trigram pattern, InterceptHandler handler) {
		return this.handlers.remove(pattern, HandlerKind.INTERCEPT, handler);
	}

	/** The current registrations, in registration order. */
	public List<HandlerInfo> registrations() {
		return this.handlers.all().stream().map(Registration::info).toList();
	}

	/** The registrations of response handlers ({@link Responses}), in registration order. */
	public List<HandlerInfo> responseHandlers() {
		return this.handlers.all().stream().filter((r) -> Responses.isResponse(r.handler())).map(Registration::info).toList();
	}

	/** Whether a response handler matches this AppCon's trigram, so that it declares its request's response. */
	boolean respondsTo(AppCon appCon) {
		return Responses.responds(route(appCon));
	}

	private Registration add(Trigram pattern, HandlerKind kind, Object handler, @Nullable String name, long timeout) {
		return this.handlers.add(pattern, kind, handler, name, timeout);
	}

	// ---- dispatch ------------------------------------------------------------------------------

	/** Sets an AppCon with term data only: {@code setAppCon(AppCon.of(trigram, termData))}. */
	public void setCtx(Trigram trigram, @Nullable Object termData) {
		setAppCon(AppCon.of(trigram, termData));
	}

	/**
	 * Dispatches an AppCon on a virtual thread and returns at once. A wildcard AppCon is ignored
	 * (and reported) unless the kernel allows setting wildcards.
	 * @throws KernelSaturatedException when {@code maxPendingDispatches} AppCons are in flight
	 * @throws KernelClosedException once the kernel is closing
	 */
	public void setAppCon(AppCon appCon) {
		setAppCon(appCon, System.nanoTime());
	}

	/**
	 * As {@link #setAppCon(AppCon)}, with the cascade's start time given, for a caller that received
	 * the AppCon earlier ({@link System#nanoTime()} base).
	 */
	public void setAppCon(AppCon appCon, long startedAtNanos) {
		setAppCon(appCon, startedAtNanos, this.taskDecorator);
	}

	/**
	 * As {@link #setAppCon(AppCon, long)}, with the caller's context given as a decorator of the
	 * cascade's first task, used instead of the kernel's task decorator: for a caller whose context is
	 * not in thread locals, such as a reactive pipeline. It is applied only when a thread starts, so an
	 * AppCon that matches nothing costs no context capture; the threads the cascade starts later take
	 * the kernel's decorator as usual.
	 */
	public void setAppCon(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context) {
		start(appCon, startedAtNanos, context, false, 0);
	}

	/**
	 * As {@link #setAppCon(AppCon, long, UnaryOperator)}, weighing the AppCon (such as the size of the
	 * request body it was parsed from) against {@link KernelBuilder#maxInflightBytes}: the weight counts
	 * until the whole cascade has finished, its async calls and chained AppCons included.
	 * @throws KernelSaturatedException also when the weight would pass the bytes in flight limit
	 */
	public void setAppCon(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context, long weightBytes) {
		start(appCon, startedAtNanos, context, false, weightBytes);
	}

	/**
	 * As {@link #setAppCon(AppCon, long, UnaryOperator)}, and tells when the cascade has finished: the
	 * returned stage completes once every handler the cascade reached has returned, its intercepts,
	 * inline and async calls and those of every AppCon chained from them at any depth, including the
	 * AppCons async handlers return. It completes with the count of handler calls, of swallowed async
	 * errors, and the first intercept or inline error, which ends the cascade as with {@code setAppCon}.
	 * An AppCon no handler matches (or an ignored wildcard) gives a stage already complete with zeros;
	 * a chain stopped at the cascade depth completes with what ran. When {@link #close(Duration)} gives
	 * up waiting, the stages of cascades still running complete exceptionally with
	 * {@link KernelClosedException}. The stage completes on the kernel thread that ended the last
	 * handler call: dependent actions should be short or use an executor.
	 * @throws KernelSaturatedException when {@code maxPendingDispatches} AppCons are in flight
	 * @throws KernelClosedException once the kernel is closing
	 */
	public CompletionStage<CascadeResult> dispatch(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context) {
		return dispatch(appCon, startedAtNanos, context, 0);
	}

	/**
	 * As {@link #dispatch(AppCon, long, UnaryOperator)}, weighing the AppCon as
	 * {@link #setAppCon(AppCon, long, UnaryOperator, long)} does.
	 */
	public CompletionStage<CascadeResult> dispatch(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes) {
		Completion completion = start(appCon, startedAtNanos, context, true, weightBytes);
		return (completion != null) ? completion.stage() : CompletableFuture.completedStage(CascadeResult.NONE);
	}

	/**
	 * As {@link #dispatch(AppCon, long, UnaryOperator, long)}, and tells as well when the intercept and
	 * inline phases have ended ({@link CascadeStages#inline()}), before async calls do.
	 */
	public CascadeStages dispatchStaged(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes) {
		return dispatchStaged(appCon, startedAtNanos, context, weightBytes, null, null);
	}

	/**
	 * As {@link #dispatchStaged(AppCon, long, UnaryOperator, long)}, recording the cascade as
	 * {@link #dispatch(AppCon, long, UnaryOperator, long, String, CallRecorder)} does when a key and a
	 * recorder are given.
	 */
	public CascadeStages dispatchStaged(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes, @Nullable String key, @Nullable CallRecorder recorder) {
		Completion completion = start(appCon, startedAtNanos, context, true, weightBytes, null, Recording.of(key, recorder));
		if (completion == null) {
			CompletionStage<CascadeResult> none = CompletableFuture.completedStage(CascadeResult.NONE);
			return new CascadeStages(none, none);
		}
		return new CascadeStages(completion.inlineStage(), completion.stage());
	}

	/**
	 * As {@link #dispatch(AppCon, long, UnaryOperator, long)}, recording the cascade: each of its handler
	 * calls, at any depth (async calls and the cascades their AppCons start included), is told to the
	 * recorder once it has ended, as a {@link HandlerCall} whose {@link CallId} derives from the key, and
	 * runs with that id as its {@link CallId#current()}. The same key on the same registrations gives the
	 * same ids on every rerun. Without a key or a recorder, the cascade is not recorded (as with
	 * {@link #dispatchStaged}).
	 * @param key what identifies the cascade across reruns, such as a delivery's source and id
	 */
	public CompletionStage<CascadeResult> dispatch(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes, @Nullable String key, @Nullable CallRecorder recorder) {
		Completion completion = start(appCon, startedAtNanos, context, true, weightBytes, null, Recording.of(key, recorder));
		return (completion != null) ? completion.stage() : CompletableFuture.completedStage(CascadeResult.NONE);
	}

	/**
	 * Runs one async handler of a recorded cascade again, alone, on the AppCon of its hop, as
	 * {@link #dispatch(AppCon, long, UnaryOperator, long, String, CallRecorder)} ran it the first time: the
	 * same {@link CallId}, and an AppCon it returns chains from the same hop. The returned stage completes
	 * once the call and what it chained have finished, its error counted as a swallowed async error.
	 * @param handler the name of an async handler that matches the AppCon
	 * @param hop the hop's path in the cascade ({@link HandlerCall#hop()})
	 * @param key the cascade's key, as it was dispatched with
	 * @throws IllegalArgumentException when no async handler of that name matches the AppCon (it was
	 * removed, or renamed)
	 * @throws KernelClosedException once the kernel is closing
	 */
	public CompletionStage<CascadeResult> retryAsync(AppCon appCon, String handler, String hop, String key,
			CallRecorder recorder) {
		Objects.requireNonNull(appCon, "appCon");
		Recording recording = new Recording(Objects.requireNonNull(key, "key"), Objects.requireNonNull(recorder, "recorder"));
		this.admission.checkOpen(appCon);
		Registration[] asyncs = route(appCon).asyncs;
		for (int i = 0; i < asyncs.length; i++) {
			if (asyncs[i].info().name().equals(handler)) {
				Completion completion = this.completions.open(0, null, recording);
				completion.opened();
				int depth = (int) hop.chars().filter((c) -> c == '.').count();
				submitAsync(AsyncCall.of(this, asyncs[i], appCon, hop, i, depth, completion));
				completion.closed(); // the entry unit: no dispatch of its own
				return completion.stage();
			}
		}
		throw new IllegalArgumentException("no async handler '" + handler + "' matches " + appCon.trigram());
	}

	/** Sets an AppCon whose cascade carries a channel's scope (see {@link Channel}). */
	void setAppCon(AppCon appCon, Scope scope) {
		start(appCon, System.nanoTime(), this.taskDecorator, false, 0, scope, null);
	}

	/** Dispatches an AppCon whose cascade carries a channel's scope, watched as {@link #dispatch} does. */
	CompletionStage<CascadeResult> dispatch(AppCon appCon, Scope scope) {
		return dispatch(appCon, System.nanoTime(), this.taskDecorator, 0, scope, null);
	}

	/**
	 * As {@link #dispatch(AppCon, long, UnaryOperator, long)}, the cascade carrying a channel's scope, and
	 * recorded when a recording is given.
	 */
	CompletionStage<CascadeResult> dispatch(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes, Scope scope, @Nullable Recording recording) {
		Completion completion = start(appCon, startedAtNanos, context, true, weightBytes, scope, recording);
		return (completion != null) ? completion.stage() : CompletableFuture.completedStage(CascadeResult.NONE);
	}

	/** Admits and starts a cascade; returns its tracking when watched (or weighed) and a handler matched. */
	private @Nullable Completion start(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			boolean watched, long weight) {
		return start(appCon, startedAtNanos, context, watched, weight, null, null);
	}

	private @Nullable Completion start(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			boolean watched, long weight, @Nullable Scope scope, @Nullable Recording recording) {
		Objects.requireNonNull(appCon, "appCon");
		Objects.requireNonNull(context, "context");
		this.admission.checkOpen(appCon);
		if (!accepts(appCon)) {
			return null;
		}
		long counted = this.admission.admit(appCon, weight);
		Route route = route(appCon);
		if (route.isEmpty()) {
			// no handler to run, so no thread to start: the dispatch ends here
			this.listeners.appConDispatched(appCon, false);
			closeDispatch(new Cascade(appCon, startedAtNanos, null));
			this.admission.releaseBytes(counted);
			return null;
		}
		// a counted weight needs the cascade's end to be known, to count it out then; a scope, to be carried
		boolean tracked = watched || counted > 0 || scope != null;
		Completion completion = tracked ? this.completions.open(counted, scope, recording) : null;
		Cascade cascade = new Cascade(appCon, startedAtNanos, completion);
		if (completion != null) {
			completion.entry = cascade;
		}
		try {
			this.threads.start(appCon, route, cascade, context);
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			closeDispatch(cascade);
			throw new KernelSaturatedException("no virtual thread could be started: " + ex);
		}
		return completion;
	}

	/**
	 * The dispatch of the next AppCon of a spool, {@code putBack} when its private dispatch has started
	 * already. In a cascade with a scope, an AppCon taken for the first time is signalled to the scope and, when the scope's private handlers match it, dispatched
	 * on them first, with the AppCon put back as the sibling to dispatch on the kernel's next.
	 */
	Dispatch next(Spool spool, Cascade cascade, int depth, boolean putBack) {
		AppCon next = spool.next();
		String hop = spool.hop(); // before a put-back moves the cursor
		Scope scope = cascade.scope();
		if (scope != null && !putBack) {
			scope.chained(next);
			Route mirror = scope.route(next);
			if (!mirror.isEmpty()) {
				this.admission.add(1);
				cascade.opened(1);
				spool.putBack();
				return Dispatch.of(this, next, hop, mirror, cascade, depth, spool, true);
			}
		}
		return Dispatch.of(this, next, hop, route(next), cascade, depth, spool.hasNext() ? spool : null, false);
	}

	/** Hands the rest of a spool to a new virtual thread: siblings never wait for one another. */
	void fork(Spool siblings, Cascade cascade, int depth, boolean putBack) {
		this.threads.fork(siblings, cascade, depth, putBack);
	}

	/**
	 * Opens dispatches for chained AppCons, from the dispatch that chained them. The first one takes
	 * over that dispatch's place in the cascade and its admission, as it continues on the same thread
	 * ({@link Dispatch#run}): only the others are counted in, which spares a chain of one AppCon two
	 * atomic updates of the kernel's shared count and two of the cascade's.
	 */
	boolean openChained(Cascade cascade, AppCon[] chained, int count, int depth) {
		if (depth > this.maxCascadeDepth) {
			for (int i = 0; i < count; i++) {
				this.listeners.cascadeDepthExceeded(chained[i], depth);
			}
			return false;
		}
		if (count > 1) {
			this.admission.add(count - 1);
			cascade.opened(count - 1);
		}
		return true;
	}

	void closeDispatch(Cascade cascade) {
		closeInCascade(cascade);
		releasePending();
	}

	/** Ends a dispatch's part in its cascade: normally, or when its handler call is given up. */
	void closeInCascade(Cascade cascade) {
		if (cascade.closed()) {
			if (!this.listeners.isEmpty()) {
				this.listeners.cascadeFinished(cascade.root, System.nanoTime() - cascade.startNanos);
			}
			Completion completion = cascade.completion;
			if (completion != null) {
				if (completion.entry == cascade) {
					completion.entryClosed();
				}
				completion.closed();
			}
		}
	}

	/** Ends a dispatch's admission, once its thread is done with it. */
	void releasePending() {
		this.admission.release();
	}

	void submitAsync(AsyncLane.Task task) {
		this.asyncLane.submit(task);
	}

	/** Starts the cascade of an AppCon an async handler returned, on the async handler's thread. */
	@Nullable Runnable asyncContinuation(AppCon next, @Nullable String hop, int depth, @Nullable Completion completion) {
		if (depth > this.maxCascadeDepth) {
			this.listeners.cascadeDepthExceeded(next, depth);
			return null;
		}
		this.admission.add(1);
		if (completion != null) {
			completion.opened();
		}
		Cascade cascade = new Cascade(next, System.nanoTime(), completion);
		if (cascade.scope() != null) {
			return () -> this.threads.run(next(Spool.of(new AppCon[] { next }, 1, (hop != null) ? new String[] { hop } : null),
					cascade, depth, false));
		}
		return () -> this.threads.run(Dispatch.of(this, next, hop, route(next), cascade, depth, null, false));
	}

	/**
	 * When a handler call starts, for its duration: read by the listeners, by a deadline and by the
	 * recorder of a recorded cascade. {@link #UNTIMED} when none of them is there, so that a kernel
	 * without listeners reads no clock for its calls (two reads per call, 24 ns each on the benchmark
	 * machine).
	 */
	long callStart(Registration registration, boolean recorded) {
		return (recorded || registration.hasTimeout() || !this.listeners.isEmpty()) ? System.nanoTime() : UNTIMED;
	}

	/** The nanoseconds since a {@link #callStart}; 0 for an untimed call. */
	static long elapsed(long start) {
		return (start == UNTIMED) ? 0 : System.nanoTime() - start;
	}

	/** Whether an AppCon may be dispatched: a wildcard only when the kernel allows it (reported if not). */
	boolean accepts(AppCon appCon) {
		if (!this.allowWildcardSet && appCon.trigram().isWildcard()) {
			this.listeners.wildcardIgnored(appCon);
			return false;
		}
		return true;
	}

	Route route(AppCon appCon) {
		return this.handlers.route(appCon);
	}

	Listeners listeners() {
		return this.listeners;
	}

	@Nullable HandlerHook hook() {
		return this.hook;
	}

	// ---- state and shutdown --------------------------------------------------------------------

	/** AppCons admitted or chained whose dispatch has not ended. */
	public int pendingDispatches() {
		return this.admission.pending();
	}

	/**
	 * Whether an AppCon of this weight would be admitted now: a snapshot for a caller that must refuse
	 * before doing work it cannot undo (such as storing a delivery); {@code dispatch} still decides and
	 * may refuse what this allowed when others got in first.
	 */
	public boolean wouldAdmit(long weightBytes) {
		return this.admission.wouldAdmit(weightBytes);
	}

	/**
	 * How many more AppCons {@code dispatch} would admit now, by count (a snapshot, 0 once closed): a
	 * caller with work queued elsewhere takes no more than this, rather than having it refused.
	 */
	public int headroom() {
		return this.admission.headroom();
	}

	/** The weight of the AppCons whose cascades are still running (0 without a bytes limit). */
	public long inflightBytes() {
		return this.admission.inflightBytes();
	}

	/** The bytes in flight limit, 0 for none. */
	public long maxInflightBytes() {
		return this.admission.maxInflightBytes();
	}

	/** Async calls waiting for a slot. */
	public int asyncQueueDepth() {
		return this.asyncLane.queued();
	}

	/** Async calls running. */
	public int activeAsync() {
		return this.asyncLane.active();
	}

	public boolean isClosed() {
		return this.admission.isClosed();
	}

	public boolean allowsWildcardSet() {
		return this.allowWildcardSet;
	}

	public int maxPendingDispatches() {
		return this.admission.maxPendingDispatches();
	}

	/** The timeout of registrations that give none; {@link Duration#ZERO} for none. */
	public Duration handlerTimeout() {
		return Duration.ofNanos(this.handlerTimeoutNanos);
	}

	/** Whether no dispatch and no async call is in flight. */
	public boolean isIdle() {
		return this.admission.isIdle();
	}

	/**
	 * Waits until no dispatch and no async call is in flight.
	 * @return {@code true} when idle, {@code false} when the timeout passed first
	 */
	public boolean awaitIdle(Duration timeout) {
		return this.admission.awaitIdle(timeout);
	}

	/** Refuses new AppCons and waits for in-flight work up to the builder's close timeout. */
	@Override
	public void close() {
		close(this.closeTimeout);
	}

	/**
	 * Refuses new AppCons and waits for in-flight dispatches and async calls, including what they
	 * chain, up to the timeout. Past it, the stages of watched cascades still open complete with
	 * {@link KernelClosedException}, then every thread still running a cascade or an async call is
	 * interrupted, and {@link KernelListener#closeTimedOut} tells how many of each.
	 * @return {@code true} when everything finished in time
	 */
	public boolean close(Duration timeout) {
		this.admission.close();
		if (awaitIdle(timeout)) {
			return true;
		}
		int abandoned = this.completions.abandonAll();
		this.listeners.closeTimedOut(this.running.interruptAll(), abandoned);
		return false;
	}

	int cachedRoutes() {
		return this.handlers.cachedRoutes();
	}

}
