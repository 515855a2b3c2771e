package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The INFO line of what recovery picked up: per source, replays apart, nothing for a round that claimed
 * nothing, at most one line a minute (on a test nano clock) with the rounds held back added into the
 * next, which a round that claims nothing lets out once the minute has passed.
 */
@ExtendWith(OutputCaptureExtension.class)
class RecoveryLogTests {

	final AtomicLong nanos = new AtomicLong(1_000);

	final RecoveryLog log = new RecoveryLog(this.nanos::get);

	static ClaimedDelivery claimed(String source, String id, boolean replay) {
		NewDelivery delivery = new NewDelivery(source, id, "push", "received", source, null, Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), Instant.now());
		DeliveryRecord record = new DeliveryRecord(1, source, id, DeliveryStatus.PENDING, 2, "push", "received", source,
				null, Map.of(), delivery.receivedAt(), null, 0, 0, null, delivery.body(), true, null);
		return new ClaimedDelivery(new DeliveryRef(1, source, id, 2), record, replay);
	}

	static List<String> lines(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("Inbox recovery picked up")).toList();
	}

	@Test
	void oneLinePerRoundPerSourceWithTheReplaysApart(CapturedOutput output) {
		this.log.round(List.of());
		assertThat(lines(output)).isEmpty();
		this.log.round(List.of(claimed("github", "a", false), claimed("stripe", "b", false), claimed("github", "c", false),
				claimed("github", "d", true)));
		assertThat(lines(output)).singleElement().satisfies((line) -> assertThat(line).contains("INFO")
			.contains("picked up 3 deliveries whose lease had expired (github 2, stripe 1) and 1 marked for replay")
			.doesNotContain("claim rounds"));
	}

	@Test
	void atMostOneLineAMinuteAddingUpTheRoundsHeldBack(CapturedOutput output) {
		this.log.round(List.of(claimed("github", "a", false)));
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		this.log.round(List.of(claimed("github", "b", false)));
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		this.log.round(List.of(claimed("stripe", "c", false), claimed("stripe", "d", true)));
		this.log.round(List.of());
		assertThat(lines(output)).singleElement().asString().contains("picked up 1 delivery whose lease had expired (github 1)");
		this.nanos.addAndGet(RecoveryLog.INTERVAL.toNanos());
		this.log.round(List.of());
		assertThat(lines(output)).hasSize(2);
		assertThat(lines(output).get(1)).contains("picked up 2 deliveries whose lease had expired (github 1, stripe 1) "
				+ "and 1 marked for replay in 2 claim rounds since the last such line");
		this.nanos.addAndGet(RecoveryLog.INTERVAL.toNanos());
		this.log.round(List.of());
		assertThat(lines(output)).as("nothing held back, nothing to say").hasSize(2);
	}

}
