package io.taobus.tao;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * A stage settled by its own private handlers, the port of tao.js's {@code Transceiver}: each
 * {@link #setAppCon} enters an AppCon through a {@link Channel}, and the transceiver's
 * {@link SignalHandler}s, which see the AppCons its cascade chains (before the channel's and the
 * kernel's handlers do), settle that call's stage: the first async or inline value resolves it, a
 * truthy intercept value or any handler exception rejects it (see {@link SignalHandler}).
 *
 * <p><b>Contract.</b> Thread-safe; the first settlement wins; a value not of the transceiver's type
 * rejects with {@link ClassCastException}. Timeouts, an unsettled cascade's end and closing are as
 * for {@link Transponder}: {@link SignalTimeoutException}, the cascade's first handler failure or
 * {@link NoResponseException}, {@link KernelClosedException}.
 *
 * <p><b>Differences from tao.js</b>: removal is through the returned {@link Registration} only (a
 * wrapped handler has no identity of its own to remove by); a private intercept's halt stops the
 * channel's private dispatch of that AppCon as well, the two being one dispatch here; a negative
 * timeout is refused.
 */
public final class Transceiver<T> {

	private final Channel channel;

	private final Class<T> type;

	private final Duration timeout;

	private final HandlerTable signals = new HandlerTable();

	private Transceiver(Channel channel, Class<T> type, Duration timeout) {
		this.channel = Objects.requireNonNull(channel, "channel");
		this.type = Objects.requireNonNull(type, "type");
		this.timeout = Awaited.checkTimeout(Objects.requireNonNull(timeout, "timeout"));
	}

	/** A transceiver of values of this type on a channel of its own; {@link Duration#ZERO} for no timeout. */
	public static <T> Transceiver<T> on(Kernel kernel, Class<T> type, Duration timeout) {
		return new Transceiver<>(Channel.on(kernel), type, timeout);
	}

	/** A transceiver on this channel, whose own private handlers see its cascades too. */
	public static <T> Transceiver<T> on(Channel channel, Class<T> type, Duration timeout) {
		return new Transceiver<>(channel, type, timeout);
	}

	public Channel channel() {
		return this.channel;
	}

	/** Sets an AppCon with term data only; see {@link #setAppCon}. */
	public CompletionStage<T> setCtx(Trigram trigram, @Nullable Object termData) {
		return setAppCon(AppCon.of(trigram, termData));
	}

	/**
	 * Enters an AppCon through the channel.
	 * @return the stage its private handlers settle
	 * @throws KernelSaturatedException when the kernel admits nothing
	 * @throws KernelClosedException once the kernel is closing
	 */
	public CompletionStage<T> setAppCon(AppCon appCon) {
		Objects.requireNonNull(appCon, "appCon");
		return new Call<>(this).enter(appCon, this.timeout);
	}

	/** Registers a private intercept handler: a truthy value rejects and halts, an AppCon diverts. */
	public Registration addInterceptHandler(Trigram pattern, SignalHandler handler) {
		return add(pattern, HandlerKind.INTERCEPT, handler);
	}

	/** Registers a private async handler: a value resolves, an AppCon chains. */
	public Registration addAsyncHandler(Trigram pattern, SignalHandler handler) {
		return add(pattern, HandlerKind.ASYNC, handler);
	}

	/** Registers a private inline handler: a value resolves, an AppCon chains. */
	public Registration addInlineHandler(Trigram pattern, SignalHandler handler) {
		return add(pattern, HandlerKind.INLINE, handler);
	}

	/** tao.js's {@code addSignalHandler}: {@link #addInlineHandler}. */
	public Registration addSignalHandler(Trigram pattern, SignalHandler handler) {
		return addInlineHandler(pattern, handler);
	}

	private Registration add(Trigram pattern, HandlerKind kind, SignalHandler handler) {
		Objects.requireNonNull(handler, "handler");
		return this.signals.add(pattern, kind, new Settling(kind, handler), HandlerNames.of(handler),
				KernelBuilder.timeoutNanos(this.channel.kernel().handlerTimeout()));
	}

	/** A signal handler as the kernel calls it: its return settles the call whose cascade it runs in. */
	private record Settling(HandlerKind kind, SignalHandler handler) implements ScopedHandler {

		@Override
		public @Nullable Object handle(AppCon appCon, Scope scope) throws Exception {
			Call<?> call = (Call<?>) scope;
			Object value;
			try {
				value = this.handler.handle(appCon);
			}
			catch (Exception ex) {
				call.reject(ex);
				throw ex;
			}
			if (this.kind == HandlerKind.INTERCEPT) {
				if (value instanceof AppCon next) {
					return Intercept.divert(next);
				}
				if (!truthy(value)) {
					return Intercept.proceed();
				}
				call.reject((value instanceof Throwable error) ? error : new SignalRejectedException(value));
				return Intercept.halt();
			}
			if (value instanceof AppCon next) {
				return next;
			}
			if (value != null) {
				call.settle(value);
			}
			return null;
		}

		/** tao.js truthiness: not null, false, zero, NaN or the empty string. */
		private static boolean truthy(@Nullable Object value) {
			return switch (value) {
				case null -> false;
				case Boolean b -> b;
				case Double d -> d != 0 && !d.isNaN();
				case Float f -> f != 0 && !f.isNaN();
				case Number n -> n.doubleValue() != 0;
				case CharSequence s -> !s.isEmpty();
				default -> true;
			};
		}

	}

	/** One call: mirrored onto the transceiver's handlers, then the channel's. */
	private static final class Call<T> extends Awaited<T> {

		private final Transceiver<T> owner;

		Call(Transceiver<T> owner) {
			super(owner.channel);
			this.owner = owner;
		}

		@Override
		Route route(AppCon appCon) {
			return Route.concat(this.owner.signals.route(appCon), this.channel.route(appCon));
		}

		void settle(Object value) {
			if (this.owner.type.isInstance(value)) {
				resolve(this.owner.type.cast(value));
			}
			else {
				reject(new ClassCastException("a signal handler returned a " + value.getClass().getName() + ", not a "
						+ this.owner.type.getName()));
			}
		}

	}

}
