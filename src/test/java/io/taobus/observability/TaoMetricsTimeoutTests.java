package io.taobus.observability;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A handler timeout as a meter: its timer appears when a first call times out, and counts as an error. */
class TaoMetricsTimeoutTests {

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final TaoMetrics metrics = new TaoMetrics(this.registry);

	final Kernel kernel = Kernel.builder().listener(this.metrics).build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	@Test
	void aTimedOutCallIsTimedUnderItsOwnOutcomeAndCountedAsAnError() {
		Trigram slow = Trigram.of("slow", "a", "o");
		this.kernel.addInlineHandler(slow, "slow", Duration.ofMillis(50), (ac) -> {
			new CountDownLatch(1).await();
			return null;
		});
		this.kernel.setCtx(slow, null);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.registry.find("tao.handler.duration").tag("outcome", "timeout").timer()).isNotNull()
			.satisfies((timer) -> assertThat(timer.count()).isOne());
		this.kernel.setCtx(slow, null);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.registry.get("tao.handler.duration").tag("outcome", "timeout").timer().count()).isEqualTo(2);
		assertThat(this.metrics.counts(this.kernel.registrations().get(0))).containsExactly(2, 2);
	}

}
