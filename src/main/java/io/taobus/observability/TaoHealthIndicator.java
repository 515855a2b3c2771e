package io.taobus.observability;

import io.taobus.tao.Kernel;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code tao} health contributor: DOWN while the kernel closes, OUT_OF_SERVICE while the AppCons in
 * flight pass {@code taobus.observability.saturation-threshold} of {@code max-pending-dispatches} (so
 * that a readiness probe takes the instance out of rotation before it answers 429), UP otherwise;
 * with the queue figures as details.
 */
final class TaoHealthIndicator implements HealthIndicator {

	private final Kernel kernel;

	private final double threshold;

	TaoHealthIndicator(Kernel kernel, double threshold) {
		this.kernel = kernel;
		this.threshold = threshold;
	}

	@Override
	public Health health() {
		Health.Builder builder;
		int pending = this.kernel.pendingDispatches();
		if (this.kernel.isClosed()) {
			builder = Health.down().withDetail("reason", "closing");
		}
		else if (pending >= this.threshold * this.kernel.maxPendingDispatches()) {
			builder = Health.status(Status.OUT_OF_SERVICE).withDetail("reason", "saturated");
		}
		else {
			builder = Health.up();
		}
		return builder.withDetail("pendingDispatches", pending)
			.withDetail("maxPendingDispatches", this.kernel.maxPendingDispatches())
			.withDetail("asyncQueueDepth", this.kernel.asyncQueueDepth())
			.withDetail("activeAsync", this.kernel.activeAsync())
			.build();
	}

}
