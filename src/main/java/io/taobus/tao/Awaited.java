package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
		CompletionStage<CascadeResult> cascade = this.channel.dispatch(appCon, this);
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
