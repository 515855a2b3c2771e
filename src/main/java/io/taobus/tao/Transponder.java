package io.taobus.tao;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Request and response over the TAO, the port of tao.js's {@code Transponder} wrapping a
 * {@link Channel} (as {@code @tao.js/koa} uses it): {@link #setAppCon} enters an AppCon through the
 * channel and returns the stage of the first AppCon its cascade chains (an inline handler's, an
 * async handler's, an intercept's divert), before any handler of that AppCon runs. Each call is
 * scoped to its own cascade, so concurrent calls on the same trigram each get their own response.
 *
 * <p><b>Contract.</b> Thread-safe; the first response wins. The stage completes exceptionally with
 * {@link SignalTimeoutException} past the timeout; with the cascade's first handler failure, or
 * {@link NoResponseException}, when the cascade ends having chained nothing (tao.js issue #25: it
 * never rejects); with {@link KernelClosedException} when a close gives the cascade up. It completes
 * on a kernel thread: dependent actions should be short or use an executor. Entering throws as
 * {@link Kernel#setAppCon} does.
 *
 * <p><b>Differences from tao.js</b>: a transponder always wraps a channel ({@link #on(Kernel, Duration)}
 * makes one), so it resolves with the first chained AppCon, never with the entry itself as tao.js's
 * on a bare kernel does; a negative timeout is refused rather than taken as none; there is no
 * {@code attach}/{@code detach}, since each call's scope lives and ends with its cascade. Response
 * handlers ({@link Responses}) declare which AppCon answers, where tao.js's koa middleware takes the
 * first chained one.
 */
public final class Transponder {

	private final Channel channel;

	private final Duration timeout;

	private Transponder(Channel channel, Duration timeout) {
		this.channel = Objects.requireNonNull(channel, "channel");
		this.timeout = Awaited.checkTimeout(Objects.requireNonNull(timeout, "timeout"));
	}

	/** A transponder on a channel of its own on this kernel; {@link Duration#ZERO} for no timeout. */
	public static Transponder on(Kernel kernel, Duration timeout) {
		return new Transponder(Channel.on(kernel), timeout);
	}

	/** A transponder on this channel, whose private handlers see its cascades; ZERO for no timeout. */
	public static Transponder on(Channel channel, Duration timeout) {
		return new Transponder(channel, timeout);
	}

	/** Sets an AppCon with term data only; see {@link #setAppCon}. */
	public CompletionStage<AppCon> setCtx(Trigram trigram, @Nullable Object termData) {
		return setAppCon(AppCon.of(trigram, termData));
	}

	/**
	 * Enters an AppCon through the channel.
	 * @return the stage of the first AppCon its cascade chains
	 * @throws KernelSaturatedException when the kernel admits nothing
	 * @throws KernelClosedException once the kernel is closing
	 */
	public CompletionStage<AppCon> setAppCon(AppCon appCon) {
		Objects.requireNonNull(appCon, "appCon");
		return call(appCon).enter(appCon, this.timeout);
	}

	/**
	 * Enters an AppCon through the channel as {@link #setAppCon} does, with the caller's start, context
	 * and weight as {@link Kernel#dispatch(AppCon, long, UnaryOperator, long)} takes them, for a caller
	 * that needs the cascade's end as well as its response (to record both).
	 * @throws KernelSaturatedException when the kernel admits nothing
	 * @throws KernelClosedException once the kernel is closing
	 */
	public Exchange exchange(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context, long weightBytes) {
		return exchange(appCon, startedAtNanos, context, weightBytes, null, null);
	}

	/**
	 * As {@link #exchange(AppCon, long, UnaryOperator, long)}, recording the cascade as
	 * {@link Kernel#dispatch(AppCon, long, UnaryOperator, long, String, CallRecorder)} does when a key and a
	 * recorder are given.
	 */
	public Exchange exchange(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context, long weightBytes,
			@Nullable String key, @Nullable CallRecorder recorder) {
		Objects.requireNonNull(appCon, "appCon");
		Call call = call(appCon);
		CompletionStage<CascadeResult> cascade = call.enter(appCon, startedAtNanos, context, weightBytes,
				Recording.of(key, recorder));
		return new Exchange(call.settled(this.timeout), cascade);
	}

	private Call call(AppCon appCon) {
		return new Call(this.channel, this.channel.kernel().respondsTo(appCon));
	}

	public Channel channel() {
		return this.channel;
	}

	public Duration timeout() {
		return this.timeout;
	}

	/** A transponder on the same channel with another timeout. */
	public Transponder withTimeout(Duration timeout) {
		return new Transponder(this.channel, timeout);
	}

	/**
	 * One request's two ends.
	 * @param response the stage of its response, as {@link #setAppCon} returns it
	 * @param cascade the stage of its cascade's end, as {@link Kernel#dispatch} returns it
	 */
	public record Exchange(CompletionStage<AppCon> response, CompletionStage<CascadeResult> cascade) {
	}

	/**
	 * One call: resolved by the first AppCon a response handler returns, or, unless response handlers
	 * declare the response of its trigram, by the first chained AppCon; mirrored onto the channel as usual.
	 */
	private static final class Call extends Awaited<AppCon> {

		private final boolean declared;

		Call(Channel channel, boolean declared) {
			super(channel);
			this.declared = declared;
		}

		@Override
		Route route(AppCon appCon) {
			return this.channel.route(appCon);
		}

		@Override
		void chained(AppCon appCon) {
			if (!this.declared) {
				resolve(appCon);
			}
		}

		@Override
		void responded(AppCon appCon) {
			resolve(appCon);
		}

	}

}
