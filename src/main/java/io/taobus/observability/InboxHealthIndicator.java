package io.taobus.observability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.taobus.inbox.Inbox;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code inbox} health contributor, in the readiness group: DOWN when the inbox's database cannot
 * be reached, since every delivery would then get 503, or when it does not answer within
 * {@link #DEADLINE}, since a store that hangs answers no delivery at all; liveness does not include it, so
 * that a database outage takes instances out of rotation instead of restarting them. The check runs on a
 * virtual thread of its own, one at a time, and the probe only waits for it: a probe whose client gives up
 * (the actuator interrupts its thread then) can neither interrupt a statement inside the JDBC driver nor
 * pile up threads on a store that hangs.
 */
final class InboxHealthIndicator implements HealthIndicator {

	static final Duration DEADLINE = Duration.ofSeconds(3);

	private final Inbox inbox;

	private @Nullable CompletableFuture<Boolean> check;

	InboxHealthIndicator(Inbox inbox) {
		this.inbox = inbox;
	}

	@Override
	public Health health() {
		String reason = "the inbox's database cannot be reached";
		boolean healthy;
		try {
			healthy = check().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			healthy = false;
			reason = "the inbox's database did not answer within " + DEADLINE.toSeconds() + " s";
		}
		catch (ExecutionException ex) {
			healthy = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			healthy = false;
		}
		return (healthy ? Health.up() : Health.down().withDetail("reason", reason))
			.withDetail("store", this.inbox.getClass().getSimpleName())
			.build();
	}

	/** The check under way, or a new one when none is. */
	private synchronized CompletableFuture<Boolean> check() {
		if (this.check == null || this.check.isDone()) {
			CompletableFuture<Boolean> started = new CompletableFuture<>();
			Thread.ofVirtual().name("taobus-inbox-health").start(() -> {
				try {
					started.complete(this.inbox.healthy());
				}
				catch (RuntimeException ex) {
					started.completeExceptionally(ex);
				}
			});
			this.check = started;
		}
		return this.check;
	}

}
