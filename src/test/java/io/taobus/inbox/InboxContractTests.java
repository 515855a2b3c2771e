package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The contract of every {@link Inbox}: admission, leases and recovery, replay, retention and the
 * operator's queries, outages. Run against the embedded H2 file database ({@link InboxH2Tests}), a real
 * PostgreSQL ({@link InboxPostgresTests}) and the lossy memory inbox ({@link MemoryInboxTests}, without
 * the cases only a database can show). Each test starts on an empty store.
 */
abstract class InboxContractTests extends InboxFaultContractTests {

	@Test
	void anAcceptedRowIsCommittedBeforeItsStageCompletes() {
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("d-" + UUID.randomUUID());
		DeliveryRecord seen = inbox.accept(delivery)
			.thenApply((admission) -> inbox.find(delivery.source(), delivery.deliveryId(), true).orElseThrow())
			.toCompletableFuture().join();
		assertThat(seen.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(seen.attempts()).isEqualTo(1);
		assertThat(seen.term()).isEqualTo("push");
		assertThat(seen.headers()).containsEntry("x-github-event", "push");
		assertThat(seen.body()).isEqualTo(delivery.body());
		assertThat(seen.receivedAt()).isEqualTo(delivery.receivedAt());
	}

	@Test
	void aLargeBodyAndOddHeadersSurviveTheRoundTrip() {
		Inbox inbox = inbox();
		byte[] body = new byte[1024 * 1024];
		new java.util.Random(7).nextBytes(body);
		NewDelivery delivery = new NewDelivery("stripe", "evt_1", "invoice", "paid", "stripe", null,
				Map.of("stripe-x", "a: b\nc\\d", "x:y", ""), body, this.clock.instant());
		accepted(inbox, delivery);
		DeliveryRecord record = inbox.find("stripe", "evt_1", true).orElseThrow();
		assertThat(record.body()).isEqualTo(body);
		assertThat(record.headers()).isEqualTo(delivery.headers());
		assertThat(record.contentType()).isNull();
		assertThat(inbox.find("stripe", "evt_1", false).orElseThrow().body()).isNull();
		assertThat(inbox.find("stripe", "evt_1", false).orElseThrow().bodyKept()).isTrue();
	}

	@Test
	void concurrentAcceptsShareFewTransactions() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(database(), "group commit is the database's");
		Inbox inbox = inbox();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Admission>> admissions = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			CompletableFuture<Admission> admission = new CompletableFuture<>();
			admissions.add(admission);
			NewDelivery delivery = delivery("c-" + i);
			threads.add(Thread.ofVirtual().start(() -> {
				try {
					start.await();
					inbox.accept(delivery).whenComplete((result, failure) -> {
						if (failure != null) {
							admission.completeExceptionally(failure);
						}
						else {
							admission.complete(result);
						}
					});
				}
				catch (InterruptedException ex) {
					admission.completeExceptionally(ex);
				}
			}));
		}
		start.countDown();
		CompletableFuture.allOf(admissions.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(admissions).allSatisfy((admission) -> assertThat(admission.join()).isInstanceOf(Admission.Accepted.class));
		InboxCounters counters = inbox.counters();
		assertThat(counters.admitted()).isEqualTo(64);
		assertThat(counters.batches()).as("windows for 64 concurrent accepts").isLessThanOrEqualTo(16);
		assertThat(inbox.backlog().pending()).isEqualTo(64);
	}

	@Test
	void aCopyOfAPendingOrCompletedDeliveryIsADuplicate() {
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("dup");
		DeliveryRef ref = accepted(inbox, delivery);
		Admission pending = admit(inbox, delivery);
		assertThat(pending).isInstanceOfSatisfying(Admission.Duplicate.class, (duplicate) -> {
			assertThat(duplicate.first().id()).isEqualTo(ref.id());
			assertThat(duplicate.first().status()).isEqualTo(DeliveryStatus.PENDING);
			assertThat(duplicate.first().body()).isNull();
		});
		inbox.finished(ref, new Completion.Completed(3, 1));
		DeliveryRecord completed = awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		assertThat(completed.handlerCalls()).isEqualTo(3);
		assertThat(completed.asyncErrors()).isEqualTo(1);
		assertThat(completed.completedAt()).isNotNull();
		assertThat(admit(inbox, delivery)).isInstanceOfSatisfying(Admission.Duplicate.class,
				(duplicate) -> assertThat(duplicate.first().status()).isEqualTo(DeliveryStatus.COMPLETED));
		assertThat(inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow().attempts()).isEqualTo(1);
	}

	@Test
	void concurrentCopiesOfANewDeliveryAreAcceptedOnce() {
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("same");
		List<CompletableFuture<Admission>> copies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			copies.add(inbox.accept(delivery).toCompletableFuture());
		}
		List<Admission> admissions = copies.stream().map(CompletableFuture::join).toList();
		assertThat(admissions).filteredOn(Admission.Accepted.class::isInstance).hasSize(1);
		assertThat(admissions).filteredOn(Admission.Duplicate.class::isInstance).hasSize(19)
			.allSatisfy((admission) -> assertThat(((Admission.Duplicate) admission).first().status())
				.isEqualTo(DeliveryStatus.PENDING));
	}

	@Test
	void aResendOfAFailedDeliveryRunsItAgain() {
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("fails");
		DeliveryRef first = accepted(inbox, delivery);
		inbox.finished(first, Completion.Failed.of(new IllegalStateException("boom"), 2, 0));
		DeliveryRecord failed = awaitStatus(inbox, delivery, DeliveryStatus.FAILED);
		assertThat(failed.lastError()).isEqualTo("java.lang.IllegalStateException: boom");
		Admission resend = admit(inbox, delivery);
		assertThat(resend).isInstanceOfSatisfying(Admission.Rerun.class, (rerun) -> {
			assertThat(rerun.ref().attempt()).isEqualTo(2);
			assertThat(rerun.ref().id()).isEqualTo(first.id());
		});
		DeliveryRecord rerun = inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow();
		assertThat(rerun.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(rerun.attempts()).isEqualTo(2);
		assertThat(admit(inbox, delivery)).as("a copy of the rerun while it runs").isInstanceOf(Admission.Duplicate.class);
		inbox.finished(((Admission.Rerun) resend).ref(), new Completion.Completed(2, 0));
		DeliveryRecord completed = awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		assertThat(completed.lastError()).isNull();
	}

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
		assertThat(claimed.ref().attempt()).as("the replay moved the fencing token").isEqualTo(3);
		assertThat(claimed.body()).isEqualTo(delivery.body());
		assertThat(inbox.counters().replayed()).isEqualTo(1);
		assertThat(inbox.counters().recovered()).isZero();
		inbox.finished(claimed.ref(), new Completion.Completed(1, 0));
		assertThat(awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED).attempts()).isEqualTo(3);
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
			.isEqualTo(keepsCompletedBodies() ? 2 : 1);
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

	@Test
	void aDeliveryIsRefusedWhileTheDatabaseIsDownAndAcceptedOnceItIsBack() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(database(), "only a database goes down");
		Inbox inbox = inbox();
		accepted(inbox, delivery("before"));
		assertThat(inbox.healthy()).isTrue();
		databaseDown();
		try {
			NewDelivery original = delivery("during");
			CompletableFuture<Admission> first = inbox.accept(original).toCompletableFuture();
			CompletableFuture<Admission> copy = inbox.accept(original).toCompletableFuture();
			for (CompletableFuture<Admission> admission : List.of(first, copy)) {
				assertThatThrownBy(() -> admission.get(WAIT.toSeconds(), TimeUnit.SECONDS))
					.hasCauseInstanceOf(InboxUnavailableException.class);
			}
			InboxUnavailableException refused = (InboxUnavailableException) first.handle((a, ex) -> ex).join();
			assertThat(refused.retryAfter()).isPositive();
			assertThat(inbox.healthy()).isFalse();
			assertThat(inbox.counters().failedBatches()).isPositive();
		}
		finally {
			databaseUp();
		}
		await().atMost(WAIT).until(inbox::healthy);
		assertThat(inbox.find("github", "during", false)).as("nothing refused was stored").isEmpty();
		assertThat(admit(inbox, delivery("during"))).isInstanceOf(Admission.Accepted.class);
		assertThat(inbox.find("github", "before", false)).isPresent();
	}

	@Test
	void aFullWriterQueueRefusesAtOnce() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(database(), "only the database writer has a queue");
		InboxSettings defaults = InboxSettings.defaults();
		Inbox inbox = node("full", new InboxSettings("full", defaults.leaseDuration(), 5, defaults.retention(),
				defaults.dedupeWindow(), defaults.failedRetention(), 64, Duration.ofMillis(2), 1, Duration.ofSeconds(7)));
		accepted(inbox, delivery("warm"));
		databaseDown();
		List<CompletableFuture<Admission>> admissions = new ArrayList<>();
		try {
			// the writer holds at most one window (64) while it waits for a connection, the queue one more
			for (int i = 0; i < 200; i++) {
				admissions.add(inbox.accept(delivery("burst-" + i)).toCompletableFuture());
			}
			// a window the writer already tried may have failed by now too: count only the queue's refusals
			List<CompletableFuture<Admission>> refusedAtOnce = admissions.stream()
				.filter(CompletableFuture::isCompletedExceptionally)
				.filter((admission) -> admission.handle((a, ex) -> ex.getMessage().contains("queue is full")).join())
				.toList();
			assertThat(refusedAtOnce).hasSizeGreaterThanOrEqualTo(200 - 64 - 1);
			assertThat(refusedAtOnce.getFirst().handle((a, ex) -> ex).join())
				.isInstanceOfSatisfying(InboxUnavailableException.class, (ex) -> {
					assertThat(ex).hasMessageContaining("queue is full");
					assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7));
				});
			assertThat(inbox.counters().rejected()).isEqualTo(refusedAtOnce.size());
			CompletableFuture.allOf(admissions.toArray(CompletableFuture[]::new)).handle((a, ex) -> null)
				.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(admissions).allSatisfy((admission) -> assertThat(admission).isCompletedExceptionally());
		}
		finally {
			databaseUp();
		}
	}

	@Test
	void aClosedInboxRefusesNewDeliveries() {
		Inbox inbox = inbox();
		inbox.close();
		assertThatThrownBy(() -> admit(inbox, delivery("late"))).isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(InboxUnavailableException.class);
	}

	@Test
	void twoNodesAcceptTheSameDeliveryOnce() {
		org.junit.jupiter.api.Assumptions.assumeTrue(database(), "memory inboxes are not shared");
		Inbox a = node("a", InboxSettings.defaults());
		Inbox b = node("b", InboxSettings.defaults());
		for (int i = 0; i < 20; i++) {
			NewDelivery delivery = delivery("both-" + i);
			CompletableFuture<Admission> onA = a.accept(delivery).toCompletableFuture();
			CompletableFuture<Admission> onB = b.accept(delivery).toCompletableFuture();
			List<Admission> admissions = List.of(onA.join(), onB.join());
			assertThat(admissions).filteredOn(Admission.Accepted.class::isInstance).hasSize(1);
			assertThat(admissions).filteredOn(Admission.Duplicate.class::isInstance).hasSize(1);
		}
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
