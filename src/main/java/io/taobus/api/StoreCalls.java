package io.taobus.api;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.taobus.inbox.InboxUnavailableException;
import reactor.core.publisher.Mono;

/**
 * Runs the deliveries API's store calls where a client that goes away cannot reach them. Reactor cancels
 * a request's subscription when its client disconnects, and with {@code subscribeOn} that cancel
 * interrupted the thread inside the JDBC driver: an interrupt closes H2's file channel, and with it the
 * database, and cuts a PostgreSQL connection on a virtual thread. So each call runs on a virtual thread
 * of its own, which the {@code Mono}'s cancel never reaches: a call whose client left before it started
 * is skipped, one that started runs to its end, which its statements' query timeouts bound, and its
 * outcome is dropped quietly. At most {@value #CONCURRENT_CALLS} run at once, so
 * that impatient operators cannot take the connections the writers need; a call that waits longer than
 * {@link #MAX_WAIT} for its turn is refused with 503.
 */
final class StoreCalls {

	static final int CONCURRENT_CALLS = 2;

	static final Duration MAX_WAIT = Duration.ofSeconds(5);

	private final Semaphore turns = new Semaphore(CONCURRENT_CALLS, true);

	/** The call's result, once it ran on a thread of its own; cancelling the {@code Mono} abandons it. */
	<T> Mono<T> call(Callable<T> call) {
		return Mono.create((sink) -> {
			AtomicBoolean abandoned = new AtomicBoolean();
			CompletableFuture<T> result = new CompletableFuture<>();
			// the cancel only marks the call abandoned; the outcome of one that ran anyway is not reported
			sink.onCancel(() -> abandoned.set(true));
			result.whenComplete((value, failure) -> {
				if (abandoned.get()) {
					return;
				}
				if (failure != null) {
					sink.error(failure);
				}
				else {
					sink.success(value);
				}
			});
			Thread.ofVirtual().name("taobus-operator-query").start(() -> run(call, abandoned, result));
		});
	}

	private <T> void run(Callable<T> call, AtomicBoolean abandoned, CompletableFuture<T> result) {
		try {
			if (!this.turns.tryAcquire(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				result.completeExceptionally(new InboxUnavailableException(
						"the inbox is busy with other operator queries; retry later", MAX_WAIT));
				return;
			}
		}
		catch (InterruptedException ex) {
			result.completeExceptionally(ex);
			return;
		}
		try {
			if (abandoned.get()) {
				result.cancel(false);
				return;
			}
			result.complete(call.call());
		}
		catch (Throwable ex) {
			result.completeExceptionally(ex);
		}
		finally {
			this.turns.release();
		}
	}

}
