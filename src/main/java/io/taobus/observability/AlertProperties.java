package io.taobus.observability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code taobus.observability.alerts}: when the bus sets its own {@code inbox|backlog|taobus}
 * ({@link OperationalAppCons}). {@code handler|dead|taobus} needs no setting: it is set for every call
 * the ledger gives up on.
 *
 * @param backlogPending the pending deliveries at which {@code inbox|backlog|taobus} is set, once per
 * crossing; 0 turns the check off
 * @param backlogInterval how often the backlog is read for it
 */
@ConfigurationProperties("taobus.observability.alerts")
record AlertProperties(@DefaultValue("1000") long backlogPending, @DefaultValue("30s") Duration backlogInterval) {

	AlertProperties {
		if (backlogPending < 0) {
			throw new IllegalArgumentException("taobus.observability.alerts.backlog-pending must not be negative");
		}
		if (backlogInterval.isNegative() || backlogInterval.isZero()) {
			throw new IllegalArgumentException("taobus.observability.alerts.backlog-interval must be positive");
		}
	}

}
