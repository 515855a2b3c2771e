package io.taobus.observability;

import io.taobus.inbox.Inbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code inbox} health contributor, in the readiness group: DOWN when the inbox's database cannot
 * be reached, since every delivery would then get 503; liveness does not include it, so that a database
 * outage takes instances out of rotation instead of restarting them.
 */
final class InboxHealthIndicator implements HealthIndicator {

	private final Inbox inbox;

	InboxHealthIndicator(Inbox inbox) {
		this.inbox = inbox;
	}

	@Override
	public Health health() {
		boolean healthy;
		try {
			healthy = this.inbox.healthy();
		}
		catch (RuntimeException ex) {
			healthy = false;
		}
		return (healthy ? Health.up() : Health.down().withDetail("reason", "the inbox's database cannot be reached"))
			.withDetail("store", this.inbox.getClass().getSimpleName())
			.build();
	}

}
