package io.taobus.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract of every {@link Inbox} on leases and recovery: a stale outcome is fenced, a renewed
 * lease holds, a released row is claimed at once without spending its budget, a row past
 * {@code max-attempts} is dead, and nodes sharing a database take over expired leases but never claim
 * the same row twice.
 */
abstract class InboxLeaseContractTests extends InboxOperatorContractTests {

	@Test
	void aStaleCompletionIsFenced() {
		Inbox inbox = node(lease(Duration.ofMillis(300)));
		NewDelivery delivery = delivery("stale");
		DeliveryRef first = accepted(inbox, delivery);
		ClaimedDelivery again = awaitClaim(inbox, 1).getFirst();
		assertThat(again.ref().attempt()).isEqualTo(2);
		assertThat(again.replay()).isFalse();
		assertThat(again.body()).isEqualTo(delivery.body());
		assertThat(again.record().attempts()).isEqualTo(2);
		inbox.finished(first, new Completion.Completed(1, 0));
		await().atMost(WAIT).until(() -> inbox.counters().fenced() == 1);
		assertThat(inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow().status())
			.isEqualTo(DeliveryStatus.PENDING);
		inbox.finished(again.ref(), new Completion.Completed(5, 0));
		assertThat(awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED).handlerCalls()).isEqualTo(5);
		inbox.finished(again.ref(), Completion.Failed.of(new RuntimeException("late"), 0, 0));
		await().atMost(WAIT).until(() -> inbox.counters().fenced() == 2);
		assertThat(inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow().status())
			.isEqualTo(DeliveryStatus.COMPLETED);
		assertThat(inbox.counters().recovered()).isEqualTo(1);
	}

	@Test
	void renewedLeasesAreNotClaimed() {
		// renewal driven by the test, six times per lease, so that a loaded machine cannot make it late
		Inbox inbox = node(lease(Duration.ofSeconds(3)));
		DeliveryRef held = accepted(inbox, delivery("held"));
		await().during(Duration.ofSeconds(4)).atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(inbox.renewLeases()).isEqualTo(1);
			return inbox.claimExpired(10).isEmpty();
		});
		java.lang.ref.Reference.reachabilityFence(held);
	}

	@Test
	void aReleasedDeliveryIsClaimedAtOnceWithoutSpendingItsBudget() {
		Inbox inbox = node(lease(Duration.ofMinutes(5)).withMaxAttempts(1));
		NewDelivery delivery = delivery("released");
		DeliveryRef ref = accepted(inbox, delivery);
		assertThat(inbox.claimExpired(10)).isEmpty();
		inbox.released(ref);
		ClaimedDelivery claimed = awaitClaim(inbox, 1).getFirst();
		assertThat(claimed.ref().attempt()).isEqualTo(2);
		assertThat(inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow().status())
			.isEqualTo(DeliveryStatus.PENDING);
	}

	@Test
	void aDeliveryPastMaxAttemptsIsDeadAndNotClaimedAgain() {
		Inbox inbox = node(lease(Duration.ofMillis(200)).withMaxAttempts(2));
		NewDelivery delivery = delivery("poison");
		accepted(inbox, delivery);
		assertThat(awaitClaim(inbox, 1).getFirst().ref().attempt()).isEqualTo(2);
		DeliveryRecord dead = await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
			assertThat(inbox.claimExpired(10)).as("claimed past max-attempts").isEmpty();
			return inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow();
		}, (record) -> record.status() == DeliveryStatus.DEAD);
		assertThat(dead.lastError()).contains("dispatched 2 times");
		assertThat(inbox.counters().dead()).isEqualTo(1);
		await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> inbox.claimExpired(10).isEmpty());
		assertThat(admit(inbox, delivery)).as("a resend of a dead delivery").isInstanceOfSatisfying(Admission.Rerun.class,
				(rerun) -> assertThat(rerun.ref().attempt()).isEqualTo(dead.attempts() + 1));
	}

	@Test
	void anotherNodeClaimsAnExpiredLeaseAndTheFirstNodesCompletionIsFenced() {
		org.junit.jupiter.api.Assumptions.assumeTrue(database(), "memory inboxes are not shared");
		Inbox a = node("a", lease(Duration.ofMillis(400)));
		Inbox b = node("b", lease(Duration.ofSeconds(30)));
		NewDelivery delivery = delivery("takeover");
		DeliveryRef onA = accepted(a, delivery);
		assertThat(b.claimExpired(10)).as("a's lease still holds").isEmpty();
		ClaimedDelivery onB = awaitClaim(b, 1).getFirst();
		assertThat(onB.ref().attempt()).isEqualTo(2);
		assertThat(a.renewLeases()).as("a no longer owns it").isZero();
		a.finished(onA, new Completion.Completed(1, 0));
		await().atMost(WAIT).until(() -> a.counters().fenced() == 1);
		assertThat(a.find(delivery.source(), delivery.deliveryId(), false).orElseThrow().status())
			.isEqualTo(DeliveryStatus.PENDING);
		b.finished(onB.ref(), new Completion.Completed(2, 0));
		assertThat(awaitStatus(a, delivery, DeliveryStatus.COMPLETED).handlerCalls()).isEqualTo(2);
		assertThat(b.counters().recovered()).isEqualTo(1);
	}

	@Test
	void twoNodesNeverClaimTheSameRow() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(database(), "memory inboxes are not shared");
		Inbox origin = node("origin", lease(Duration.ofMillis(100)));
		for (int i = 0; i < 200; i++) {
			origin.accept(delivery("many-" + i));
		}
		await().atMost(WAIT).until(() -> origin.backlog().pending() == 200);
		Inbox a = node("a", InboxSettings.defaults());
		Inbox b = node("b", InboxSettings.defaults());
		List<ClaimedDelivery> byA = java.util.Collections.synchronizedList(new ArrayList<>());
		List<ClaimedDelivery> byB = java.util.Collections.synchronizedList(new ArrayList<>());
		Thread ta = Thread.ofVirtual().start(() -> claimAll(a, byA));
		Thread tb = Thread.ofVirtual().start(() -> claimAll(b, byB));
		ta.join();
		tb.join();
		List<Long> ids = new ArrayList<>();
		byA.forEach((claimed) -> ids.add(claimed.ref().id()));
		byB.forEach((claimed) -> ids.add(claimed.ref().id()));
		assertThat(ids).hasSize(200).doesNotHaveDuplicates();
	}

	private static void claimAll(Inbox inbox, List<ClaimedDelivery> into) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			List<ClaimedDelivery> claimed = inbox.claimExpired(8);
			into.addAll(claimed);
			if (claimed.isEmpty() && inbox.backlog().pending() == 200 && ownedElsewhere(inbox)) {
				return;
			}
		}
	}

	private static boolean ownedElsewhere(Inbox inbox) {
		return inbox.list(new DeliveryQuery(null, DeliveryStatus.PENDING, null, 500, null)).deliveries().stream()
			.allMatch((record) -> record.attempts() == 2);
	}

}
