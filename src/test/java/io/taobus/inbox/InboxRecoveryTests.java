package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recovery loop on a real inbox: it redispatches what a lease no longer covers, keeps the leases
 * of what this node holds, hands a row back without spending its attempts when the redispatcher
 * refuses it, and lets a running round finish when it is closed; what a round picked up is logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class InboxRecoveryTests {

	private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closing) {
			closeable.close();
		}
	}

	private MemoryInbox inbox(Duration lease, int maxAttempts) {
		MemoryInbox inbox = new MemoryInbox(InboxSettings.defaults().withLeaseDuration(lease).withMaxAttempts(maxAttempts),
				Clock.systemUTC(), InboxListener.NONE);
		this.closing.add(inbox);
		return inbox;
	}

	private InboxRecovery start(Inbox inbox, Redispatcher redispatcher, Duration renew) {
		InboxRecovery recovery = InboxRecovery.start(inbox, redispatcher, renew, Duration.ofMillis(50),
				Duration.ofMinutes(10));
		this.closing.addFirst(recovery);
		return recovery;
	}

	private static NewDelivery delivery(String id) {
		return new NewDelivery("github", id, "push", "received", "github", null, Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), Instant.now());
	}

	@Test
	void anExpiredLeaseIsRedispatchedItsOutcomeRecordedAndItsPickUpLogged(CapturedOutput output) {
		MemoryInbox inbox = inbox(Duration.ofMillis(200), 5);
		inbox.accept(delivery("orphan")).toCompletableFuture().join();
		List<ClaimedDelivery> redispatched = new CopyOnWriteArrayList<>();
		start(inbox, (claimed) -> {
			redispatched.add(claimed);
			inbox.finished(claimed.ref(), new Completion.Completed(1, 0));
		}, Duration.ofHours(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> redispatched.size() == 1);
		assertThat(redispatched.getFirst().ref().attempt()).isEqualTo(2);
		assertThat(inbox.find("github", "orphan", false).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED);
		assertThat(inbox.counters().recovered()).isEqualTo(1);
		// the round logs once it has handed over all it claimed: after the redispatch seen above
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut()).contains("INFO",
				"Inbox recovery picked up 1 delivery whose lease had expired (github 1) and 0 marked for replay; they run"
						+ " again now"));
	}

	@Test
	void aDueRetryIsHandedOverAndARefusedOneGivenBackForTheNextRound() {
		MemoryInbox inbox = inbox(Duration.ofSeconds(30), 5);
		DeliveryRef ref = ((Admission.Accepted) inbox.accept(delivery("retried")).toCompletableFuture().join()).ref();
		Instant now = Instant.now();
		CallRecord failed = new CallRecord("f".repeat(32), "0", "push|received|github", "notify", "async", 1,
				CallStatus.RETRYING, "error", now.minusSeconds(2), 1000, "java.lang.IllegalStateException", "down", null,
				now.minusSeconds(1));
		inbox.finished(ref, new Completion.Completed(1, 1), List.of(failed));
		AtomicInteger refusals = new AtomicInteger();
		List<DueRetry> ran = new CopyOnWriteArrayList<>();
		start(inbox, new Redispatcher() {
			@Override
			public void redispatch(ClaimedDelivery delivery) {
			}

			@Override
			public void retry(DueRetry retry) {
				if (refusals.incrementAndGet() <= 3) {
					throw new IllegalStateException("saturated");
				}
				ran.add(retry);
				inbox.retried(retry, List.of(new CallRecord(failed.callId(), "0", failed.trigram(), "notify", "async",
						retry.attempt(), CallStatus.COMPLETED, "success", Instant.now(), 1000, null, null, null, null)));
			}
		}, Duration.ofHours(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);
		assertThat(ran.getFirst().call()).isEqualTo(failed);
		assertThat(ran.getFirst().delivery().body()).as("kept for the retry").isNotNull();
		assertThat(inbox.calls("github", "retried")).extracting(CallRecord::status)
			.containsExactly(CallStatus.FAILED, CallStatus.COMPLETED);
		assertThat(refusals.get()).isEqualTo(4);
	}

	@Test
	void renewalKeepsWhatThisNodeHolds() {
		// a lease of seconds renewed six times per lease: a loaded machine cannot make renewal late
		MemoryInbox inbox = inbox(Duration.ofSeconds(3), 5);
		Admission held = inbox.accept(delivery("held")).toCompletableFuture().join();
		AtomicInteger redispatched = new AtomicInteger();
		start(inbox, (claimed) -> redispatched.incrementAndGet(), Duration.ofMillis(500));
		await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> redispatched.get() == 0);
		java.lang.ref.Reference.reachabilityFence(held);
	}

	@Test
	void aRefusedRedispatchReleasesTheRowWithoutSpendingItsAttempts() {
		// two attempts: the first claim after the lease spends the second; every refusal gives it back
		MemoryInbox inbox = inbox(Duration.ofMillis(100), 2);
		inbox.accept(delivery("refused")).toCompletableFuture().join();
		AtomicInteger refusals = new AtomicInteger();
		start(inbox, (claimed) -> {
			refusals.incrementAndGet();
			throw new IllegalStateException("saturated");
		}, Duration.ofHours(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() >= 5);
		DeliveryRecord row = inbox.find("github", "refused", false).orElseThrow();
		assertThat(row.status()).as("refusals are not crashes").isEqualTo(DeliveryStatus.PENDING);
		assertThat(row.attempts()).isGreaterThanOrEqualTo(6);
		assertThat(inbox.counters().dead()).isZero();
	}

	@Test
	void closeLetsTheRunningClaimRoundFinishUninterrupted() throws Exception {
		// an interrupt would cut the round's JDBC statement on its virtual thread: the rows a claim had
		// committed would sit under this node's lease, an attempt spent, run by no one until it expired
		MemoryInbox inbox = inbox(Duration.ofHours(1), 5);
		Admission accepted = inbox.accept(delivery("closing")).toCompletableFuture().join();
		inbox.released(((Admission.Accepted) accepted).ref());
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		InboxRecovery recovery = start(inbox, (claimed) -> {
			entered.countDown();
			try {
				proceed.await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				return;
			}
			inbox.finished(claimed.ref(), new Completion.Completed(1, 0));
		}, Duration.ofHours(1));
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(recovery::close);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone());
		proceed.countDown();
		closing.get(10, TimeUnit.SECONDS);
		assertThat(interrupted).as("the round was interrupted").isFalse();
		assertThat(inbox.find("github", "closing", false).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED);
	}

	@Test
	void renewalGoesOnWhileAClaimRoundIsStuck() throws Exception {
		MemoryInbox inbox = inbox(Duration.ofMillis(100), 5);
		AtomicInteger renewals = new AtomicInteger();
		Inbox counting = (Inbox) java.lang.reflect.Proxy.newProxyInstance(Inbox.class.getClassLoader(),
				new Class<?>[] { Inbox.class }, (proxy, method, args) -> {
					if (method.getName().equals("renewLeases")) {
						renewals.incrementAndGet();
					}
					try {
						return method.invoke(inbox, args);
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		Admission accepted = inbox.accept(delivery("stuck")).toCompletableFuture().join();
		inbox.released(((Admission.Accepted) accepted).ref());
		java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
		start(counting, (claimed) -> {
			entered.countDown();
			try {
				stuck.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, Duration.ofMillis(20));
		try {
			assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			int before = renewals.get();
			await().atMost(Duration.ofSeconds(10)).until(() -> renewals.get() >= before + 3);
		}
		finally {
			stuck.countDown();
		}
	}

	@Test
	void aClosingNodeStopsClaimingButRenewsWhatItRunsUntilClosed() {
		MemoryInbox inbox = inbox(Duration.ofMillis(100), 5);
		AtomicInteger renewals = new AtomicInteger();
		Inbox counting = (Inbox) java.lang.reflect.Proxy.newProxyInstance(Inbox.class.getClassLoader(),
				new Class<?>[] { Inbox.class }, (proxy, method, args) -> {
					if (method.getName().equals("renewLeases")) {
						renewals.incrementAndGet();
					}
					try {
						return method.invoke(inbox, args);
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		AtomicInteger redispatched = new AtomicInteger();
		InboxRecovery recovery = start(counting, (claimed) -> redispatched.incrementAndGet(), Duration.ofMillis(20));
		recovery.stopClaiming();
		Admission accepted = inbox.accept(delivery("orphaned-while-closing")).toCompletableFuture().join();
		inbox.released(((Admission.Accepted) accepted).ref());
		int before = renewals.get();
		// renewal goes on (the kernel drains what this node runs), and the released row is not claimed
		await().atMost(Duration.ofSeconds(10)).until(() -> renewals.get() >= before + 3);
		assertThat(redispatched.get()).isZero();
		recovery.close();
		int closed = renewals.get();
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> renewals.get() == closed);
	}

	@Test
	void aRedispatcherWithoutRoomLeavesExpiredRowsUnclaimedWithTheirAttempts() {
		MemoryInbox inbox = inbox(Duration.ofMillis(100), 5);
		inbox.accept(delivery("waiting")).toCompletableFuture().join();
		AtomicInteger room = new AtomicInteger();
		List<ClaimedDelivery> redispatched = new CopyOnWriteArrayList<>();
		start(inbox, new Redispatcher() {
			@Override
			public void redispatch(ClaimedDelivery claimed) {
				redispatched.add(claimed);
				inbox.finished(claimed.ref(), new Completion.Completed(1, 0));
			}

			@Override
			public int capacity() {
				return room.get();
			}
		}, Duration.ofHours(1));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(redispatched::isEmpty);
		assertThat(inbox.find("github", "waiting", false).orElseThrow().attempts()).as("not claimed").isEqualTo(1);
		room.set(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> redispatched.size() == 1);
		assertThat(redispatched.getFirst().ref().attempt()).isEqualTo(2);
	}

	@Test
	void noRowIsClaimedWhileRenewalFailsSoARunningRowIsNotTakenFromItsOwnNode() {
		// the renewal of the row this node runs fails for longer than its lease, as in a database outage
		MemoryInbox memory = inbox(Duration.ofMillis(300), 5);
		AtomicBoolean down = new AtomicBoolean();
		Inbox inbox = (Inbox) java.lang.reflect.Proxy.newProxyInstance(Inbox.class.getClassLoader(),
				new Class<?>[] { Inbox.class }, (proxy, method, args) -> {
					if (method.getName().equals("renewLeases") && down.get()) {
						throw new IllegalStateException("Inbox lease renewal failed: the database is down");
					}
					try {
						return method.invoke(memory, args);
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		Admission running = inbox.accept(delivery("running")).toCompletableFuture().join();
		AtomicInteger redispatched = new AtomicInteger();
		down.set(true);
		start(inbox, (claimed) -> redispatched.incrementAndGet(), Duration.ofMillis(50));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> redispatched.get() == 0);
		down.set(false);
		// renewal runs again before any claim: the row is this node's once more, and stays unclaimed
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> redispatched.get() == 0);
		assertThat(memory.find("github", "running", false).orElseThrow().attempts()).isEqualTo(1);
		java.lang.ref.Reference.reachabilityFence(running);
	}

}
