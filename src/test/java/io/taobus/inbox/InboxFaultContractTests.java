package io.taobus.inbox;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The contract of every {@link Inbox} under bad data and bad neighbours: a NUL or a row the database
 * refuses fails only its own delivery or outcome, a throwing listener undoes nothing, a lost handle
 * lets its lease run out, and a replay moves the fencing token.
 */
abstract class InboxFaultContractTests extends InboxContractSupport {

	@Test
	void aControlCharacterInAnIdOrTrigramIsRefusedNamingTheField() {
		assertThatThrownBy(() -> delivery("nul\u0000id")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("deliveryId").hasMessageContaining("U+0000");
		assertThatThrownBy(() -> new NewDelivery("github", "id", "push", "re\u0001ceived", "github", null, Map.of(),
				new byte[0], this.clock.instant()))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action");
		assertThatThrownBy(() -> delivery("x".repeat(1025))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("deliveryId must not be longer than 1024");
	}

	@Test
	void aNulInAHeaderOrAnErrorMessageIsStored() {
		Inbox inbox = inbox();
		NewDelivery delivery = new NewDelivery("github", "nul-header", "push", "received", "github", null,
				Map.of("x-odd", "a\u0000b\\0"), new byte[] { 0 }, this.clock.instant());
		DeliveryRef ref = accepted(inbox, delivery);
		assertThat(inbox.find("github", "nul-header", false).orElseThrow().headers()).isEqualTo(delivery.headers());
		inbox.finished(ref, Completion.Failed.of(new IllegalStateException("bad\u0000byte"), 1, 0));
		assertThat(awaitStatus(inbox, delivery, DeliveryStatus.FAILED).lastError())
			.isEqualTo("java.lang.IllegalStateException: bad\uFFFDbyte");
	}

	@Test
	void aRowTheDatabaseRefusesFailsAloneAndItsWindowIsAccepted() throws Exception {
		Assumptions.assumeTrue(database(), "only a database refuses rows");
		sql("ALTER TABLE inbox_delivery ADD CONSTRAINT test_poison CHECK (delivery_id <> 'poison')");
		try {
			InboxSettings d = InboxSettings.defaults();
			Inbox inbox = node("window", new InboxSettings("window", d.leaseDuration(), 5, d.retention(), d.dedupeWindow(),
					d.failedRetention(), 64, Duration.ofMillis(300), 1000, d.retryAfter()));
			List<CompletableFuture<Admission>> good = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				good.add(inbox.accept(delivery("good-" + i)).toCompletableFuture());
			}
			CompletableFuture<Admission> poison = inbox.accept(delivery("poison")).toCompletableFuture();
			for (int i = 5; i < 10; i++) {
				good.add(inbox.accept(delivery("good-" + i)).toCompletableFuture());
			}
			assertThatThrownBy(() -> poison.get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.hasCauseInstanceOf(IllegalArgumentException.class);
			for (CompletableFuture<Admission> admission : good) {
				assertThat(admission.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Admission.Accepted.class);
			}
			assertThat(inbox.counters().failedBatches()).isZero();
		}
		finally {
			sql("ALTER TABLE inbox_delivery DROP CONSTRAINT test_poison");
		}
	}

	@Test
	void anOutcomeTheDatabaseRefusesIsDroppedAndLaterOutcomesAreWritten() throws Exception {
		Assumptions.assumeTrue(database(), "only a database refuses rows");
		sql("ALTER TABLE inbox_delivery ADD CONSTRAINT test_poison CHECK (last_error IS NULL OR last_error NOT LIKE '%poison%')");
		try {
			Inbox inbox = inbox();
			DeliveryRef bad = accepted(inbox, delivery("bad-outcome"));
			DeliveryRef before = accepted(inbox, delivery("before"));
			DeliveryRef after = accepted(inbox, delivery("after"));
			inbox.finished(before, new Completion.Completed(1, 0));
			inbox.finished(bad, Completion.Failed.of(new RuntimeException("poison"), 1, 0));
			awaitStatus(inbox, delivery("before"), DeliveryStatus.COMPLETED);
			inbox.finished(after, Completion.Failed.of(new RuntimeException("ordinary"), 1, 0));
			awaitStatus(inbox, delivery("after"), DeliveryStatus.FAILED);
			assertThat(inbox.find("github", "bad-outcome", false).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		}
		finally {
			sql("ALTER TABLE inbox_delivery DROP CONSTRAINT test_poison");
		}
	}

	@Test
	void aThrowingListenerUndoesNothing() {
		AtomicInteger calls = new AtomicInteger();
		InboxListener throwing = new InboxListener() {

			@Override
			public void committed(int rows, long nanos) {
				calls.incrementAndGet();
				throw new IllegalStateException("committed");
			}

			@Override
			public void fenced(int completions) {
				calls.incrementAndGet();
				throw new IllegalStateException("fenced");
			}

		};
		Inbox inbox = node("throwing", lease(Duration.ofMillis(300)), throwing);
		NewDelivery delivery = delivery("listened");
		DeliveryRef first = accepted(inbox, delivery);
		ClaimedDelivery again = awaitClaim(inbox, 1).getFirst();
		inbox.finished(first, new Completion.Completed(1, 0));
		await().atMost(WAIT).until(() -> inbox.counters().fenced() == 1);
		inbox.finished(again.ref(), new Completion.Completed(2, 0));
		assertThat(awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED).handlerCalls()).isEqualTo(2);
		assertThat(accepted(inbox, delivery("next"))).isNotNull();
		assertThat(calls).hasValueGreaterThanOrEqualTo(3);
	}

	@Test
	void aLostHandleIsNoLongerRenewedAndItsRowIsRecovered() {
		Inbox inbox = node(lease(Duration.ofSeconds(2)));
		DeliveryRef kept = accepted(inbox, delivery("kept"));
		acceptAndDrop(inbox, delivery("lost"));
		await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
			System.gc();
			return inbox.renewLeases() == 1;
		});
		// the kept handle is renewed all along (ten times per lease): only the lost one is recovered
		List<ClaimedDelivery> claimed = new ArrayList<>();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
			inbox.renewLeases();
			claimed.addAll(inbox.claimExpired(10));
			return !claimed.isEmpty();
		});
		assertThat(claimed).hasSize(1);
		ClaimedDelivery recovered = claimed.getFirst();
		assertThat(recovered.ref().deliveryId()).isEqualTo("lost");
		assertThat(inbox.renewLeases()).as("the kept handle and the recovered one").isEqualTo(2);
		Reference.reachabilityFence(kept);
		Reference.reachabilityFence(recovered);
	}

	private static void acceptAndDrop(Inbox inbox, NewDelivery delivery) {
		assertThat(admit(inbox, delivery)).isInstanceOf(Admission.Accepted.class);
	}

	@Test
	void aReplayMovesTheFencingTokenAndItsCrashIsARecovery() {
		Inbox inbox = node(lease(Duration.ofMillis(300)));
		NewDelivery delivery = delivery("replay-fenced");
		DeliveryRef first = accepted(inbox, delivery);
		inbox.finished(first, Completion.Failed.of(new RuntimeException("first"), 1, 0));
		awaitStatus(inbox, delivery, DeliveryStatus.FAILED);
		assertThat(inbox.replay(delivery.source(), delivery.deliveryId())).isEqualTo(ReplayOutcome.REPLAYED);
		inbox.finished(first, new Completion.Completed(9, 0));
		await().atMost(WAIT).until(() -> inbox.counters().fenced() == 1);
		assertThat(inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow().status())
			.as("a late copy of the settled attempt's outcome").isEqualTo(DeliveryStatus.PENDING);
		ClaimedDelivery replayed = awaitClaim(inbox, 1).getFirst();
		assertThat(replayed.replay()).isTrue();
		ClaimedDelivery afterCrash = awaitClaim(inbox, 1).getFirst();
		assertThat(afterCrash.replay()).as("the replayed run's node died: a recovery").isFalse();
		assertThat(afterCrash.ref().attempt()).isEqualTo(replayed.ref().attempt() + 1);
		assertThat(inbox.counters().replayed()).isEqualTo(1);
		assertThat(inbox.counters().recovered()).isEqualTo(1);
	}

}
