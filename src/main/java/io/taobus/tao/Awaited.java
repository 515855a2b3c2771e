package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The scope of one {@link Transponder} or {@link Transceiver} call: a stage settled once, by what the
 * cascade does (the first settlement wins, as tao.js's {@code signalled} flag), by its timeout (a
 * {@link SignalTimeoutException}, the timer cancelled once settled), or when the cascade ends
 * unsettled: with its first handler failure, or {@link NoResponseException} (tao.js waits for the
 * timeout, or forever without one, issue #25).
 */
abstract class Awaited<T> extends Scope {

	private final CompletableFuture<T> settled = new CompletableFuture<>();

	final Channel channel;

	Awaited(Channel channel) {
		this.channel = channel;
	}

	/** Enters the AppCon through the channel with this scope; the stage of its settlement. */
	CompletionStage<T> enter(AppCon appCon, Duration timeout) {
		settleAtEnd(appCon, this.channel.dispatch(appCon, this));
		return settled(timeout);
	}

	/**
	 * Enters the AppCon through the channel with this scope, with the caller's start, context and weight.
	 * @return the stage of the cascade's end; {@link #settled} is the stage of its settlement
	 */
	CompletionStage<CascadeResult> enter(AppCon appCon, long startedAtNanos, UnaryOperator<Runnable> context,
			long weightBytes, @Nullable Recording recording) {
		CompletionStage<CascadeResult> cascade = this.channel.dispatch(appCon, startedAtNanos, context, weightBytes,
				this, recording);
		settleAtEnd(appCon, cascade);
		return cascade;
	}

	/** A cascade that ends unsettled rejects: with its first handler failure, else with no response. */
	private void settleAtEnd(AppCon appCon, CompletionStage<CascadeResult> cascade) {
		cascade.whenComplete((result, error) -> {
			if (error != null) {
				reject(error);
			}
			else if (result.failure() != null) {
				reject(result.failure());
			}
			else {
				reject(new NoResponseException(appCon));
			}
		});
	}

	/** The stage of the settlement, failing with {@link SignalTimeoutException} past the timeout (ZERO: none). */
	CompletionStage<T> settled(Duration timeout) {
		if (timeout.isZero()) {
			return this.settled.minimalCompletionStage();
		}
		return this.settled.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).exceptionallyCompose((error) -> {
			boolean timedOut = error instanceof TimeoutException && !(error instanceof SignalTimeoutException);
			return CompletableFuture.failedStage(timedOut ? new SignalTimeoutException(timeout) : error);
		});
	}

	void resolve(T value) {
		this.settled.complete(value);
	}

	void reject(Throwable error) {
		this.settled.completeExceptionally(error);
	}

	boolean isSettled() {
		return this.settled.isDone();
	}

	/** A timeout as a stage's: positive, or zero for none. */
	static Duration checkTimeout(Duration timeout) {
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("a timeout must not be negative, was " + timeout);
		}
		return timeout;
	}

}
