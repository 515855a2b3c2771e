package io.taobus.observability;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.taobus.inbox.Inbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code inbox} health contributor, in the readiness group: DOWN when the inbox's database cannot
 * be reached, since every delivery would then get 503, or when it does not answer within
 * {@link #DEADLINE}, since a store that hangs answers no delivery at all; liveness does not include it, so
 * that a database outage takes instances out of rotation instead of restarting them. The check is a
 * {@link DetachedRead}: a probe that gives up cannot interrupt it inside the JDBC driver.
 */
final class InboxHealthIndicator implements HealthIndicator {

	static final Duration DEADLINE = Duration.ofSeconds(3);

	private final Inbox inbox;

	private final DetachedRead<Boolean> check;

	InboxHealthIndicator(Inbox inbox) {
		this.inbox = inbox;
		this.check = new DetachedRead<>("taobus-inbox-health", inbox::healthy, DEADLINE);
	}

	@Override
	public Health health() {
		String reason = "the inbox's database cannot be reached";
		boolean healthy;
		try {
			healthy = this.check.get();
		}
		catch (TimeoutException ex) {
			healthy = false;
			reason = "the inbox's database did not answer within " + DEADLINE.toSeconds() + " s";
		}
		catch (ExecutionException ex) {
			healthy = false;
			reason = reason + ": " + ex.getCause();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			healthy = false;
		}
		return (healthy ? Health.up() : Health.down().withDetail("reason", reason))
			.withDetail("store", this.inbox.getClass().getSimpleName())
			.build();
	}

}
