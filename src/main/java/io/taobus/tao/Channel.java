package io.taobus.tao;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * A private handler registry on a shared kernel, the port of tao.js's {@code Channel}: its handlers
 * see only the AppCons chained in cascades entered through it ({@link #setAppCon}), never the entry
 * itself, never a cascade entered on the kernel or through another channel. Each chained AppCon is
 * dispatched on the channel's handlers first, then on the kernel's as usual; what the channel's
 * handlers chain continues the same cascade (tao.js 0.19+), so they see it too. This is what lets a
 * caller, such as an HTTP request, see the responses to its own AppCon and no one else's.
 *
 * <p><b>Contract.</b> Thread-safe. Registration works as on {@link Kernel}, with the kernel's handler
 * timeout; the channel's handlers run on the kernel's threads, count in its admission, listeners,
 * hook and {@link Kernel#dispatch} results. {@link #close()} (tao.js {@code dispose}) stops the
 * mirroring; entering still dispatches on the kernel.
 *
 * <p><b>Order.</b> As in tao.js, the private dispatch of a chained AppCon runs up to its first step
 * (its first intercept or inline handler returned, or its async calls handed over) before the main
 * dispatch starts; then both go on concurrently. A private intercept halts the private dispatch only.
 *
 * <p><b>Differences from tao.js</b>: {@code add*} returns a {@link Registration} rather than the
 * channel, and {@code clone} is {@link #copy}; there is no envelope, so a cascade's channel is the
 * object it was entered through, not an id an entry could spoof (tao.js test "merging"); there are no
 * decorations, {@code seive} or {@code bridgeFrom}.
 */
public final class Channel implements AutoCloseable {

	private static final AtomicLong IDS = new AtomicLong();

	private final Kernel kernel;

	private final String id;

	private final HandlerTable handlers = new HandlerTable();

	private volatile boolean closed;

	/** The scope every cascade entered through this channel carries. */
	private final Scope scope = new Scope() {

		@Override
		Route route(AppCon appCon) {
			return Channel.this.route(appCon);
		}

	};

	private Channel(Kernel kernel, @Nullable String id) {
		this.kernel = Objects.requireNonNull(kernel, "kernel");
		this.id = (id != null) ? id : Long.toString(IDS.incrementAndGet());
	}

	/** A channel on this kernel, with a generated numeric id. */
	public static Channel on(Kernel kernel) {
		return new Channel(kernel, null);
	}

	/** A channel on this kernel with this id, which names it in logs and does not scope it. */
	public static Channel on(Kernel kernel, String id) {
		return new Channel(kernel, Objects.requireNonNull(id, "id"));
	}

	public String id() {
		return this.id;
	}

	public Kernel kernel() {
		return this.kernel;
	}

	/** A new channel on the same kernel with a generated id and a copy of this one's registrations. */
	public Channel copy() {
		return copy(null);
	}

	/** A new channel on the same kernel with a copy of this one's registrations (tao.js {@code clone}). */
	public Channel copy(@Nullable String id) {
		Channel copy = new Channel(this.kernel, id);
		for (Registration registration : this.handlers.all()) {
			HandlerInfo info = registration.info();
			copy.handlers.add(info.pattern(), info.kind(), registration.handler(), info.name(),
					registration.timeoutNanos(), registration.retries());
		}
		return copy;
	}

	// ---- entering ------------------------------------------------------------------------------

	/** Sets an AppCon with term data only through this channel. */
	public void setCtx(Trigram trigram, @Nullable Object termData) {
		setAppCon(AppCon.of(trigram, termData));
	}

	/**
	 * Sets an AppCon on the kernel, its cascade scoped to this channel; as {@link Kernel#setAppCon}
	 * otherwise, wildcard rule and exceptions included.
	 */
	public void setAppCon(AppCon appCon) {
		this.kernel.setAppCon(appCon, this.scope);
	}

	/** As {@link #setAppCon}, and tells when the cascade has finished, as {@link Kernel#dispatch} does. */
	public CompletionStage<CascadeResult> dispatch(AppCon appCon) {
		return this.kernel.dispatch(appCon, this.scope);
	}

	/**
	 * As {@link #dispatch(AppCon)}, with the caller's start, context and weight, as
	 * {@link Kernel#dispatch(AppCon, long, UnaryOperator, long)} takes them.
	 */
	public CompletionStage<CascadeResult> dispatch(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes) {
		return this.kernel.dispatch(appCon, startedAtNanos, context, weightBytes, this.scope, null);
	}

	/**
	 * As {@link #dispatch(AppCon, long, UnaryOperator, long)}, recording the cascade as
	 * {@link Kernel#dispatch(AppCon, long, UnaryOperator, long, String, CallRecorder)} does when a key and a
	 * recorder are given.
	 */
	public CompletionStage<CascadeResult> dispatch(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes, @Nullable String key, @Nullable CallRecorder recorder) {
		return this.kernel.dispatch(appCon, startedAtNanos, context, weightBytes, this.scope, Recording.of(key, recorder));
	}

	/** Sets an AppCon on the kernel with another scope of this channel (a transponder's, a transceiver's). */
	CompletionStage<CascadeResult> dispatch(AppCon appCon, Scope scope) {
		return this.kernel.dispatch(appCon, scope);
	}

	/** As {@link #dispatch(AppCon, Scope)}, with the caller's start, context and weight. */
	CompletionStage<CascadeResult> dispatch(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes, Scope scope, @Nullable Recording recording) {
		return this.kernel.dispatch(appCon, startedAtNanos, context, weightBytes, scope, recording);
	}

	/** The channel's private route of a chained AppCon; none once closed. */
	Route route(AppCon appCon) {
		return this.closed ? Route.EMPTY : this.handlers.route(appCon);
	}

	// ---- registration --------------------------------------------------------------------------

	/** Registers a private inline handler, named after its class. */
	public Registration addInlineHandler(Trigram pattern, InlineHandler handler) {
		return add(pattern, HandlerKind.INLINE, handler, null);
	}

	/** Registers a private inline handler under a readable name. */
	public Registration addInlineHandler(Trigram pattern, String name, InlineHandler handler) {
		return add(pattern, HandlerKind.INLINE, handler, name);
	}

	/** Registers a private async handler, named after its class. */
	public Registration addAsyncHandler(Trigram pattern, AsyncHandler handler) {
		return add(pattern, HandlerKind.ASYNC, handler, null);
	}

	/** Registers a private async handler under a readable name. */
	public Registration addAsyncHandler(Trigram pattern, String name, AsyncHandler handler) {
		return add(pattern, HandlerKind.ASYNC, handler, name);
	}

	/** Registers a private intercept handler, named after its class. */
	public Registration addInterceptHandler(Trigram pattern, InterceptHandler handler) {
		return add(pattern, HandlerKind.INTERCEPT, handler, null);
	}

	/** Registers a private intercept handler under a readable name. */
	public Registration addInterceptHandler(Trigram pattern, String name, InterceptHandler handler) {
		return add(pattern, HandlerKind.INTERCEPT, handler, name);
	}

	/** Removes the private registration of this handler under exactly this pattern; true if there was one. */
	public boolean removeInlineHandler(Trigram pattern, InlineHandler handler) {
		return this.handlers.remove(pattern, HandlerKind.INLINE, handler);
	}

	/** Removes the private registration of this handler under exactly this pattern; true if there was one. */
	public boolean removeAsyncHandler(Trigram pattern, AsyncHandler handler) {
		return this.handlers.remove(pattern, HandlerKind.ASYNC, handler);
	}

	/** Removes the private registration of this handler under exactly this pattern; true if there was one. */
	public boolean removeInterceptHandler(Trigram pattern, InterceptHandler handler) {
		return this.handlers.remove(pattern, HandlerKind.INTERCEPT, handler);
	}

	/** The private registrations, in registration order. */
	public List<HandlerInfo> registrations() {
		return this.handlers.all().stream().map(Registration::info).toList();
	}

	/** Registers a handler the kernel calls with the cascade's scope (a transceiver's). */
	Registration add(Trigram pattern, HandlerKind kind, Object handler, @Nullable String name) {
		return this.handlers.add(pattern, kind, handler, name, KernelBuilder.timeoutNanos(handlerTimeout()));
	}

	private Duration handlerTimeout() {
		return this.kernel.handlerTimeout();
	}

	/** Stops the mirroring: from the next chained AppCon, the private handlers see nothing. */
	@Override
	public void close() {
		this.closed = true;
	}

	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public String toString() {
		return "Channel[" + this.id + "]";
	}

}
