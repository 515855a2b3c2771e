package io.taobus.observability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A read of the inbox made from the actuator's threads (the health check, the backlog gauges), run on a
 * virtual thread of its own and waited for within a deadline. The actuator interrupts its thread when its
 * client gives up (a probe or a scrape that times out), and an interrupt inside the JDBC driver closes
 * H2's file channel, and with it the database; only the wait is interrupted here. A store that hangs
 * neither hangs the caller past the deadline nor piles up threads: a read still running when the next
 * caller comes is waited for again rather than started anew.
 */
final class DetachedRead<T> {

	private final String name;

	private final Supplier<T> read;

	private final Duration deadline;

	private @Nullable CompletableFuture<T> running;

	DetachedRead(String name, Supplier<T> read, Duration deadline) {
		this.name = name;
		this.read = read;
		this.deadline = deadline;
	}

	/**
	 * The value of the read under way, or of a new one.
	 * @throws TimeoutException when it did not end within the deadline (it goes on, for the next caller)
	 * @throws ExecutionException when it failed
	 */
	T get() throws TimeoutException, ExecutionException, InterruptedException {
		return current().get(this.deadline.toMillis(), TimeUnit.MILLISECONDS);
	}

	private synchronized CompletableFuture<T> current() {
		CompletableFuture<T> current = this.running;
		if (current == null || current.isDone()) {
			CompletableFuture<T> started = new CompletableFuture<>();
			Thread.ofVirtual().name(this.name).start(() -> {
				try {
					started.complete(this.read.get());
				}
				catch (Throwable ex) {
					// an Error too: a read left uncompleted would keep every later one from starting
					started.completeExceptionally(ex);
				}
			});
			this.running = started;
			current = started;
		}
		return current;
	}

}
