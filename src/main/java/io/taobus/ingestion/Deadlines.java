package io.taobus.ingestion;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Mono;

/**
 * The answer to a request that waits on a stage (a commit, a response), failed with a
 * {@link TimeoutException} once the caller's time is up. The deadline bounds a copy of the stage, never
 * the stage itself: what hangs off the stage (the run of a stored delivery, the recording of a late
 * response, its follow-up post) goes on whatever the caller was answered, and a caller that hangs up
 * cancels only its answer.
 *
 * <p>Not Reactor's {@code Mono.timeout}: at every subscription it describes the operator chain for its
 * error message ({@code Scannable.name}, a regular expression over each step's name), which a profile of
 * a saturated server put at 3 % of its CPU, one subscription per request; this one costs a scheduled
 * task of the JDK's shared delayer, cancelled when the stage completes.
 */
public final class Deadlines {

	private Deadlines() {
	}

	/** The stage's result, or a {@link TimeoutException} if it has none within the timeout. */
	public static <T> Mono<T> within(CompletionStage<T> stage, Duration timeout) {
		CompletableFuture<T> bounded = stage.toCompletableFuture().copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
		return Mono.fromFuture(bounded, true);
	}

}
