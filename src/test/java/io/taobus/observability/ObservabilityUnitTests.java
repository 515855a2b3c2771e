package io.taobus.observability;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelSaturatedException;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ingestion meters and the health contributor's two states. */
class ObservabilityUnitTests {

	@Test
	void ingestionCountsByOutcomeAndTimesTheAck() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		IngestionMetrics metrics = new IngestionMetrics(registry);
		metrics.ingested("github", IngestionOutcome.ACCEPTED, 1_000_000);
		metrics.ingested("github", IngestionOutcome.ACCEPTED, 2_000_000);
		metrics.ingested("unknown", IngestionOutcome.UNKNOWN_SOURCE, 1_000);
		assertThat(registry.get("taobus.webhooks.received").tag("source", "github").tag("outcome", "accepted").counter().count())
			.isEqualTo(2);
		assertThat(registry.get("taobus.webhooks.received").tag("source", "unknown").tag("outcome", "unknown_source")
			.counter().count()).isEqualTo(1);
		assertThat(registry.get("taobus.webhooks.ack").tag("source", "github").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(3.0);
	}

	@Test
	void healthStaysUpWhenSaturatedAndIsDownWhenClosing() throws Exception {
		Kernel kernel = Kernel.builder().maxPendingDispatches(1).build();
		TaoHealthIndicator health = new TaoHealthIndicator(kernel);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		CountDownLatch release = new CountDownLatch(1);
		kernel.addInlineHandler(Trigram.of("slow", "a", "o"), (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		kernel.setCtx(Trigram.of("slow", "a", "o"), null);
		assertThatThrownBy(() -> kernel.setCtx(Trigram.of("slow", "a", "o"), null)).isInstanceOf(KernelSaturatedException.class);
		// a saturated kernel still serves (429 with Retry-After per request): readiness stays UP
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(health.health().getDetails()).containsEntry("pendingDispatches", 1).containsEntry("maxPendingDispatches", 1)
			.doesNotContainKey("reason");
		release.countDown();
		kernel.close(Duration.ofSeconds(5));
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.health().getDetails()).containsEntry("reason", "closing");
	}

}
