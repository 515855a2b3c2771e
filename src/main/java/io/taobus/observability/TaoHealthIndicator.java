package io.taobus.observability;

import io.taobus.tao.Kernel;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code tao} health contributor, part of readiness: DOWN once the kernel closes, since a closed
 * kernel can no longer serve, UP otherwise, with the queue figures as details. A busy kernel stays UP:
 * saturation is answered with 429 and {@code Retry-After} per request and measured
 * ({@code tao.dispatch.pending} against {@code tao.dispatch.limit}, a signal for an autoscaler), never
 * by leaving the Service, where every replica of a burst would leave at once and the ingress would
 * answer 503 without {@code Retry-After}.
 */
final class TaoHealthIndicator implements HealthIndicator {

	private final Kernel kernel;

	TaoHealthIndicator(Kernel kernel) {
		this.kernel = kernel;
	}

	@Override
	public Health health() {
		Health.Builder builder = this.kernel.isClosed() ? Health.down().withDetail("reason", "closing") : Health.up();
		return builder.withDetail("pendingDispatches", this.kernel.pendingDispatches())
			.withDetail("maxPendingDispatches", this.kernel.maxPendingDispatches())
			.withDetail("asyncQueueDepth", this.kernel.asyncQueueDepth())
			.withDetail("activeAsync", this.kernel.activeAsync())
			.build();
	}

}
