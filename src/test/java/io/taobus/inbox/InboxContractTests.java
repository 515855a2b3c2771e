package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The contract of every {@link Inbox} on admission: commit before the answer, group commit, duplicates
 * and reruns, outages, a full queue, a closed inbox; leases, the operator's work and bad data are in the
 * parent classes. Run against the embedded H2 file database ({@link InboxH2Tests}), a real
 * PostgreSQL ({@link InboxPostgresTests}) and the lossy memory inbox ({@link MemoryInboxTests}, without
 * the cases only a database can show). Each test starts on an empty store.
 */
abstract class InboxContractTests extends InboxQueryContractTests {

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
	void theResponseOfTheFirstRunThatGaveOneIsRecordedWithItsOutcome() {
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("asks");
		DeliveryRef first = accepted(inbox, delivery);
		inbox.finished(first, Completion.Failed.of(new IllegalStateException("late"), 2, 0), List.of(),
				bytes("{\"first\":1}"));
		DeliveryRecord failed = awaitStatus(inbox, delivery, DeliveryStatus.FAILED);
		assertThat(failed.response()).as("only loaded with the body").isNull();
		assertThat(inbox.find(delivery.source(), delivery.deliveryId(), true).orElseThrow().response())
			.isEqualTo(bytes("{\"first\":1}"));
		Admission resend = admit(inbox, delivery);
		DeliveryRef rerun = ((Admission.Rerun) resend).ref();
		inbox.finished(rerun, new Completion.Completed(2, 0), List.of(), bytes("{\"second\":2}"));
		awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		assertThat(inbox.find(delivery.source(), delivery.deliveryId(), true).orElseThrow().response())
			.as("a rerun never replaces what the first caller may have been answered")
			.isEqualTo(bytes("{\"first\":1}"));
		NewDelivery other = delivery("answers");
		inbox.finished(accepted(inbox, other), new Completion.Completed(1, 0), List.of(), bytes("{\"ok\":true}"));
		awaitStatus(inbox, other, DeliveryStatus.COMPLETED);
		assertThat(inbox.find(other.source(), other.deliveryId(), true).orElseThrow().response())
			.isEqualTo(bytes("{\"ok\":true}"));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
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
		// the sender's resend brings its own headers and body (a redelivery); the row runs with them
		NewDelivery resent = new NewDelivery(delivery.source(), delivery.deliveryId(), delivery.term(), delivery.action(),
				delivery.orient(), "application/json", Map.of("x-github-event", "push", "x-resent", "yes"),
				"{\"resent\":true}".getBytes(StandardCharsets.UTF_8), failed.receivedAt().plusSeconds(60));
		Admission resend = admit(inbox, resent);
		assertThat(resend).isInstanceOfSatisfying(Admission.Rerun.class, (rerun) -> {
			assertThat(rerun.ref().attempt()).isEqualTo(2);
			assertThat(rerun.ref().id()).isEqualTo(first.id());
		});
		DeliveryRecord rerun = inbox.find(delivery.source(), delivery.deliveryId(), true).orElseThrow();
		assertThat(rerun.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(rerun.attempts()).isEqualTo(2);
		assertThat(rerun.headers()).containsEntry("x-resent", "yes");
		assertThat(rerun.body()).isEqualTo(resent.body());
		assertThat(rerun.receivedAt()).as("the first arrival stays").isEqualTo(failed.receivedAt());
		assertThat(admit(inbox, delivery)).as("a copy of the rerun while it runs").isInstanceOf(Admission.Duplicate.class);
		inbox.finished(((Admission.Rerun) resend).ref(), new Completion.Completed(2, 0));
		DeliveryRecord completed = awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		assertThat(completed.lastError()).isNull();
	}

	@Test
	void aFailureLeftToItsSenderIsNotRetriedByTheInbox() {
		Inbox inbox = inbox();
		NewDelivery retried = delivery("retried-by-us");
		inbox.finished(accepted(inbox, retried), Completion.Failed.of(new IllegalStateException("boom"), 1, 0));
		assertThat(awaitStatus(inbox, retried, DeliveryStatus.FAILED).retryAt()).as("retried on its own").isNotNull();
		NewDelivery answered = delivery("answered-500");
		inbox.finished(accepted(inbox, answered),
				Completion.Failed.of(new IllegalStateException("boom"), 1, 0).leftToSender());
		DeliveryRecord left = awaitStatus(inbox, answered, DeliveryStatus.FAILED);
		assertThat(left.retryAt()).as("its sender retries it").isNull();
		assertThat(left.lastError()).isEqualTo("java.lang.IllegalStateException: boom");
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
				defaults.dedupeWindow(), defaults.failedRetention(), 8, Duration.ofMillis(2), 1, Duration.ofSeconds(7)));
		accepted(inbox, delivery("warm"));
		databaseDown();
		List<CompletableFuture<Admission>> admissions = new ArrayList<>();
		try {
			// each writer (one on H2, four on PostgreSQL) holds at most one window (8) while it waits for a
			// connection, its queue one more
			for (int i = 0; i < 200; i++) {
				admissions.add(inbox.accept(delivery("burst-" + i)).toCompletableFuture());
			}
			// a window the writer already tried may have failed by now too: count only the queue's refusals
			List<CompletableFuture<Admission>> refusedAtOnce = admissions.stream()
				.filter(CompletableFuture::isCompletedExceptionally)
				.filter((admission) -> admission.handle((a, ex) -> ex.getMessage().contains("queue is full")).join())
				.toList();
			assertThat(refusedAtOnce).hasSizeGreaterThanOrEqualTo(200 - 4 * (8 + 1));
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

}
