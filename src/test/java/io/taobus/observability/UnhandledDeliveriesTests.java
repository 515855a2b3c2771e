package io.taobus.observability;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery no handler matched, on {@link SimpleMeterRegistry} and a driven clock:
 * {@code taobus.deliveries.unhandled} counts it by source and the pattern of the source's mapping,
 * never by the delivery's own trigram, and {@link UnhandledDeliveryLog} warns once a minute per source,
 * saying how many went unlogged meanwhile.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnhandledDeliveriesTests {

	static final long MINUTE = 60_000_000_000L;

	static final Trigram GITHUB = Trigram.of(null, null, "github");

	@Test
	void countedBySourceAndMappingPatternNeverByTheDeliverysTrigram() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		IngestionMetrics metrics = new IngestionMetrics(registry);
		metrics.unhandled("github", GITHUB, Trigram.of("push", "received", "github"), "d-1");
		metrics.unhandled("github", GITHUB, Trigram.of("issues", "opened", "github"), "d-2");
		metrics.unhandled("api", Trigram.ALL, Trigram.of("Nobody", "Home", "Portal"), "d-3");
		assertThat(registry.get("taobus.deliveries.unhandled").tag("source", "github").tag("pattern", "*|*|github").counter()
			.count()).isEqualTo(2);
		assertThat(registry.get("taobus.deliveries.unhandled").tag("source", "api").tag("pattern", "*|*|*").counter().count())
			.isEqualTo(1);
		assertThat(registry.find("taobus.deliveries.unhandled").counters()).hasSize(2);
	}

	@Test
	void loggedOnceAMinutePerSourceWithTheCountLeftUnlogged(CapturedOutput output) {
		AtomicLong clock = new AtomicLong(MINUTE);
		UnhandledDeliveryLog log = new UnhandledDeliveryLog(clock::get);
		log.unhandled("github", GITHUB, Trigram.of("push", "received", "github"), "d-1");
		log.unhandled("github", GITHUB, Trigram.of("push", "received", "github"), "d-2");
		log.unhandled("github", GITHUB, Trigram.of("push", "received", "github"), "d-3");
		log.unhandled("stripe", Trigram.ALL, Trigram.of("charge", "refunded", "stripe"), "evt_1");
		clock.addAndGet(MINUTE);
		log.unhandled("github", GITHUB, Trigram.of("issues", "opened", "github"), "d-4");
		assertThat(output.getOut().lines().filter((line) -> line.contains("matched no TAO handler")))
			.satisfiesExactly(
					(line) -> assertThat(line).contains("WARN", "Delivery github/d-1 (push|received|github) matched no TAO"
							+ " handler", "taobus.handlers.packages").doesNotContain("not logged"),
					(line) -> assertThat(line).contains("Delivery stripe/evt_1 (charge|refunded|stripe)"),
					(line) -> assertThat(line).contains("Delivery github/d-4 (issues|opened|github)",
							"2 more unhandled deliveries of source github were not logged"));
	}

}
