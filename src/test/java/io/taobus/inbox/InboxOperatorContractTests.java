package io.taobus.inbox;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The contract of every {@link Inbox} on the operator's work and the clock's: replays (one, or a
 * filtered range), the paged list, and retention.
 */
abstract class InboxOperatorContractTests extends InboxFaultContractTests {

	@Test
	void replayRunsASettledDeliveryAgain() {
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("replayed");
		inbox.finished(accepted(inbox, delivery), new Completion.Completed(1, 0));
		awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		assertThat(inbox.replay("github", "nope")).isEqualTo(ReplayOutcome.UNKNOWN);
		if (!keepsCompletedBodies()) {
			assertThat(inbox.replay(delivery.source(), delivery.deliveryId())).isEqualTo(ReplayOutcome.BODY_EXPIRED);
			return;
		}
		assertThat(inbox.replay(delivery.source(), delivery.deliveryId())).isEqualTo(ReplayOutcome.REPLAYED);
		assertThat(inbox.replay(delivery.source(), delivery.deliveryId())).isEqualTo(ReplayOutcome.PENDING);
		ClaimedDelivery claimed = awaitClaim(inbox, 1).getFirst();
		assertThat(claimed.replay()).isTrue();
		assertThat(claimed.ref().attempt()).as("its second run").isEqualTo(2);
		assertThat(claimed.body()).isEqualTo(delivery.body());
		assertThat(inbox.counters().replayed()).isEqualTo(1);
		assertThat(inbox.counters().recovered()).isZero();
		inbox.finished(claimed.ref(), new Completion.Completed(1, 0));
		assertThat(awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED).attempts()).isEqualTo(2);
	}

	@Test
	void bulkReplayMarksTheMatchingSettledRows() {
		Inbox inbox = inbox();
		for (int i = 0; i < 3; i++) {
			inbox.finished(accepted(inbox, delivery("s", "f" + i)), Completion.Failed.of(new RuntimeException("x"), 1, 0));
		}
		inbox.finished(accepted(inbox, delivery("s", "ok")), new Completion.Completed(1, 0));
		inbox.finished(accepted(inbox, delivery("other", "f")), Completion.Failed.of(new RuntimeException("x"), 1, 0));
		accepted(inbox, delivery("s", "running"));
		await().atMost(WAIT).until(() -> inbox.counters().completions() == 5);
		assertThat(inbox.replay(new ReplayFilter("s", DeliveryStatus.FAILED, null, null))).isEqualTo(3);
		assertThat(inbox.replay(new ReplayFilter("s", null, this.clock.instant().plusSeconds(60), null))).isZero();
		List<ClaimedDelivery> claimed = awaitClaim(inbox, 3);
		assertThat(claimed).hasSize(3).allSatisfy((delivery) -> assertThat(delivery.replay()).isTrue())
			.extracting((delivery) -> delivery.ref().deliveryId()).containsExactlyInAnyOrder("f0", "f1", "f2");
		assertThat(inbox.replay(new ReplayFilter(null, null, null, this.clock.instant().plusSeconds(1))))
			.as("without a status only what failed: not the completed ok").isEqualTo(1);
		assertThat(inbox.replay(new ReplayFilter(null, DeliveryStatus.COMPLETED, null, null)))
			.isEqualTo(keepsCompletedBodies() ? 1 : 0);
	}

	@Test
	void listPagesNewestFirstWithACursor() {
		Inbox inbox = inbox();
		for (int i = 0; i < 7; i++) {
			accepted(inbox, delivery((i % 2 == 0) ? "even" : "odd", "p" + i));
		}
		DeliveryPage first = inbox.list(DeliveryQuery.first(3));
		assertThat(first.deliveries()).extracting(DeliveryRecord::deliveryId).containsExactly("p6", "p5", "p4");
		assertThat(first.deliveries()).allSatisfy((record) -> assertThat(record.body()).isNull());
		DeliveryPage second = inbox.list(DeliveryQuery.first(3).after(first.nextCursor()));
		assertThat(second.deliveries()).extracting(DeliveryRecord::deliveryId).containsExactly("p3", "p2", "p1");
		DeliveryPage last = inbox.list(DeliveryQuery.first(3).after(second.nextCursor()));
		assertThat(last.deliveries()).extracting(DeliveryRecord::deliveryId).containsExactly("p0");
		assertThat(last.nextCursor()).isNull();
		assertThat(inbox.list(new DeliveryQuery("even", DeliveryStatus.PENDING, null, 10, null)).deliveries())
			.extracting(DeliveryRecord::deliveryId).containsExactly("p6", "p4", "p2", "p0");
		assertThat(inbox.list(new DeliveryQuery(null, DeliveryStatus.COMPLETED, null, 10, null)).deliveries()).isEmpty();
		assertThat(inbox.list(new DeliveryQuery(null, null, this.clock.instant().plusSeconds(1), 10, null)).deliveries())
			.isEmpty();
		assertThatThrownBy(() -> DeliveryQuery.first(3).after("garbage")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void retentionEmptiesBodiesThenDeletesRowsOnItsClock() {
		InboxSettings settings = new InboxSettings("retention", Duration.ofSeconds(30), 5, Duration.ofDays(1),
				Duration.ofDays(7), Duration.ofDays(30), 64, Duration.ofMillis(2), 1000, Duration.ofSeconds(5));
		Inbox inbox = node("retention", settings);
		NewDelivery done = delivery("done");
		NewDelivery failed = delivery("failed");
		NewDelivery running = delivery("running");
		inbox.finished(accepted(inbox, done), new Completion.Completed(1, 0));
		inbox.finished(accepted(inbox, failed), Completion.Failed.of(new RuntimeException("x"), 1, 0));
		accepted(inbox, running);
		await().atMost(WAIT).until(() -> inbox.counters().completions() == 2);
		assertThat(inbox.purge()).isEqualTo(new Purged(0, 0));

		this.clock.advance(Duration.ofDays(2));
		assertThat(inbox.purge()).isEqualTo(new Purged(keepsCompletedBodies() ? 1 : 0, 0));
		DeliveryRecord emptied = inbox.find("github", "done", true).orElseThrow();
		assertThat(emptied.body()).isNull();
		assertThat(emptied.bodyKept()).isFalse();
		assertThat(inbox.replay("github", "done")).isEqualTo(ReplayOutcome.BODY_EXPIRED);
		assertThat(inbox.find("github", "failed", true).orElseThrow().body()).isNotNull();

		this.clock.advance(Duration.ofDays(6));
		assertThat(inbox.purge()).isEqualTo(new Purged(0, 1));
		assertThat(inbox.find("github", "done", false)).isEmpty();
		assertThat(inbox.find("github", "failed", false)).isPresent();

		this.clock.advance(Duration.ofDays(30));
		assertThat(inbox.purge()).isEqualTo(new Purged(0, 1));
		assertThat(inbox.find("github", "failed", false)).isEmpty();
		assertThat(inbox.find("github", "running", false)).isPresent();
		assertThat(admit(inbox, done)).as("past the dedupe window a resend is new").isInstanceOf(Admission.Accepted.class);
	}

}
