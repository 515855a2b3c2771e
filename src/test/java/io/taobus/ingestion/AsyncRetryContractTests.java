package io.taobus.ingestion;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallStatus;
import io.taobus.inbox.ClaimedDelivery;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.DueRetry;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.NewDelivery;
import io.taobus.inbox.ReplayOutcome;
import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.CallId;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelClosedException;
import io.taobus.tao.NonRetryableException;
import io.taobus.tao.RetryAfterException;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Failed async calls retried on their own ({@code AsyncRetryRule}), through the service's real
 * {@link DeliveryDispatcher}, a real {@link Kernel} and a store (each runner says which): alone, with
 * backoff on the test's clock, up to their budget, then dead for that handler only; at once for a
 * {@link NonRetryableException}; after the delay of a {@link RetryAfterException}; resumed by another
 * node on the same database after a restart or after a node died holding one; kept, with the body they
 * need, past retention; ended by a rerun of their delivery. What recovery does each round is done here by
 * hand ({@link #retryDue}), so that nothing runs on wall time.
 */
abstract class AsyncRetryContractTests extends DispatchingNodes {

	/** The ids the retried handler saw. */
	final List<@Nullable CallId> ids = new CopyOnWriteArrayList<>();

	/** A handler that counts its calls, then runs. */
	<T> T counted(String name, T result) {
		this.counts.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
		return result;
	}

	/** Two handlers that succeed beside the async one under test. */
	void bystanders(Kernel kernel) {
		kernel.addInlineHandler(PUSH, "build", (appCon) -> counted("build", null));
		kernel.addAsyncHandler(PUSH, "audit", (appCon) -> counted("audit", null));
	}

	/** Stores and dispatches a delivery as ingestion does, and waits for its outcome and calls. */
	@Override
	DeliveryRef deliver(Node node, NewDelivery delivery, int calls) {
		DeliveryRef ref = dispatched(node, delivery);
		awaitCalls(node, delivery, calls);
		return ref;
	}

	static List<CallRecord> awaitCalls(Node node, NewDelivery delivery, int count) {
		return await().atMost(WAIT).until(() -> node.inbox().calls(delivery.source(), delivery.deliveryId()),
				(calls) -> calls.size() >= count);
	}

	static List<CallRecord> callsOf(Node node, NewDelivery delivery, String handler) {
		return node.inbox().calls(delivery.source(), delivery.deliveryId()).stream()
			.filter((call) -> call.handler().equals(handler))
			.toList();
	}

	/** One round of recovery's retries: claims what is due and runs it; how many it claimed. */
	int retryDue(Node node) {
		List<DueRetry> due = node.inbox().claimDueRetries(64);
		due.forEach(node.dispatcher()::retry);
		return due.size();
	}

	/** Runs the due retries and waits until the delivery has {@code calls} records. */
	void retryAndAwait(Node node, NewDelivery delivery, int calls) {
		assertThat(retryDue(node)).as("retries due").isPositive();
		awaitCalls(node, delivery, calls);
	}

	@Test
	void anAsyncCallFailingTwiceThenSucceedingHasThreeAttemptsOnRecordAndNothingElseRuns() {
		AtomicInteger notify = new AtomicInteger();
		Node node = node((kernel) -> {
			bystanders(kernel);
			kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
				this.ids.add(CallId.current());
				if (notify.incrementAndGet() <= 2) {
					throw new IllegalStateException("chat is down");
				}
				return null;
			});
		});
		NewDelivery delivery = delivery("twice");
		deliver(node, delivery, 3);
		CallRecord first = callsOf(node, delivery, "notify").getFirst();
		assertThat(first.status()).isEqualTo(CallStatus.RETRYING);
		assertThat(first.dueAt()).isBetween(this.clock.instant().plus(Duration.ofSeconds(191)),
				this.clock.instant().plus(Duration.ofSeconds(289)));
		assertThat(node.inbox().find("github", "twice", false).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED);
		assertThat(retryDue(node)).as("nothing is due before its backoff").isZero();

		this.clock.advance(Duration.ofMinutes(5));
		retryAndAwait(node, delivery, 4);
		CallRecord second = callsOf(node, delivery, "notify").getLast();
		assertThat(second.attempt()).isEqualTo(2);
		assertThat(second.dueAt()).as("the second backoff doubles").isBetween(this.clock.instant().plus(Duration.ofSeconds(383)),
				this.clock.instant().plus(Duration.ofSeconds(577)));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(retryDue(node)).isZero();
		this.clock.advance(Duration.ofMinutes(5));
		retryAndAwait(node, delivery, 5);

		List<CallRecord> calls = callsOf(node, delivery, "notify");
		assertThat(calls).extracting(CallRecord::attempt).containsExactly(1, 2, 3);
		assertThat(calls).extracting(CallRecord::status)
			.containsExactly(CallStatus.FAILED, CallStatus.FAILED, CallStatus.COMPLETED);
		assertThat(calls).extracting(CallRecord::dueAt).containsOnlyNulls();
		assertThat(calls).extracting(CallRecord::callId).containsOnly(first.callId());
		assertThat(this.ids).extracting(String::valueOf).containsOnly(first.callId());
		assertThat(notify.get()).isEqualTo(3);
		assertThat(count("build")).as("the inline handler ran once").isEqualTo(1);
		assertThat(count("audit")).as("the other async handler ran once").isEqualTo(1);
		this.clock.advance(Duration.ofDays(1));
		assertThat(retryDue(node)).isZero();
	}

	static final Trigram BUILT = Trigram.of("build", "done", "ci");

	static final Trigram DEPLOYED = Trigram.of("deploy", "done", "ci");

	/** The data the build chains, a class of the application's own. */
	record Build(String id, int number) {
	}

	/** Data that cannot be written as JSON. */
	record Unwritable(String id) {

		public String getBroken() {
			throw new IllegalStateException("not serializable");
		}

	}

	@Test
	void anAsyncCallOnAChainedAppConIsRetriedAloneOnThatAppConAndWhatItChainsRunsOnce() {
		AtomicInteger deploys = new AtomicInteger();
		List<@Nullable Object> seen = new CopyOnWriteArrayList<>();
		Node node = node((kernel) -> {
			kernel.addInlineHandler(PUSH, "build", (appCon) -> counted("build", AppCon.of(BUILT, new Build("b-7", 7))));
			kernel.addAsyncHandler(BUILT, "archive", (appCon) -> counted("archive", null));
			kernel.addAsyncHandler(BUILT, "deploy", (appCon) -> {
				this.ids.add(CallId.current());
				seen.add(appCon.termData());
				if (deploys.incrementAndGet() <= 2) {
					throw new IllegalStateException("cluster unreachable");
				}
				return AppCon.of(DEPLOYED, null);
			});
			kernel.addInlineHandler(DEPLOYED, "announce", (appCon) -> counted("announce", null));
		});
		NewDelivery delivery = delivery("chained");
		deliver(node, delivery, 3);
		CallRecord first = callsOf(node, delivery, "deploy").getFirst();
		assertThat(first.hop()).isNotEqualTo("0");
		assertThat(first.status()).isEqualTo(CallStatus.RETRYING);
		assertThat(first.trigram()).isEqualTo(BUILT.toString());

		this.clock.advance(Duration.ofMinutes(5));
		retryAndAwait(node, delivery, 4);
		assertThat(callsOf(node, delivery, "deploy").getLast().status()).as("failed again: retried again")
			.isEqualTo(CallStatus.RETRYING);
		this.clock.advance(Duration.ofMinutes(10));
		retryAndAwait(node, delivery, 6); // the deploy's third attempt and the announcement it chains

		List<CallRecord> calls = callsOf(node, delivery, "deploy");
		assertThat(calls).extracting(CallRecord::attempt).containsExactly(1, 2, 3);
		assertThat(calls).extracting(CallRecord::status)
			.containsExactly(CallStatus.FAILED, CallStatus.FAILED, CallStatus.COMPLETED);
		assertThat(calls).extracting(CallRecord::callId).containsOnly(first.callId());
		assertThat(calls).extracting(CallRecord::hop).containsOnly(first.hop());
		assertThat(this.ids).extracting(String::valueOf).containsOnly(first.callId());
		assertThat(seen).as("each attempt ran on the chained AppCon's own data, as its class")
			.containsOnly(new Build("b-7", 7)).hasSize(3);
		assertThat(count("build")).as("the delivery's own handler ran once").isEqualTo(1);
		assertThat(count("archive")).as("the chained AppCon's other handler ran once").isEqualTo(1);
		assertThat(count("announce")).as("what the successful retry chained ran, once").isEqualTo(1);
		assertThat(callsOf(node, delivery, "announce")).extracting(CallRecord::status).containsExactly(CallStatus.COMPLETED);
		this.clock.advance(Duration.ofDays(1));
		assertThat(retryDue(node)).isZero();
	}

	@Test
	void anAsyncCallOnAChainedAppConThatCannotBeKeptStaysFailedAndARerunRunsItAgain() {
		Node node = node((kernel) -> {
			kernel.addInlineHandler(PUSH, "build", (appCon) -> AppCon.of(BUILT, new Unwritable("b-8")));
			kernel.addAsyncHandler(BUILT, "deploy", (appCon) -> {
				counted("deploy", null);
				throw new IllegalStateException("cluster unreachable");
			});
		});
		NewDelivery delivery = delivery("unkept");
		deliver(node, delivery, 2);
		CallRecord failed = callsOf(node, delivery, "deploy").getFirst();
		assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
		assertThat(failed.result()).isNull();
		this.clock.advance(Duration.ofDays(1));
		assertThat(retryDue(node)).isZero();
		assertThat(count("deploy")).isEqualTo(1);
	}

	@Test
	void aChainedRetryWhoseAppConCanNoLongerBeReadIsDeadWithTheReason() {
		Node node = node((kernel) -> {
			kernel.addInlineHandler(PUSH, "build", (appCon) -> AppCon.of(BUILT, new Build("b-9", 9)));
			kernel.addAsyncHandler(BUILT, "deploy", (appCon) -> {
				throw new IllegalStateException("cluster unreachable");
			});
		});
		NewDelivery delivery = delivery("unreadable");
		deliver(node, delivery, 2);
		this.clock.advance(Duration.ofMinutes(5));
		DueRetry due = node.inbox().claimDueRetries(64).getFirst();
		// redeployed without the data's class: what was kept names a class that is gone
		CallRecord kept = due.call();
		CallRecord renamed = new CallRecord(kept.callId(), kept.hop(), kept.trigram(), kept.handler(), kept.kind(),
				kept.attempt(), kept.status(), kept.outcome(), kept.startedAt(), kept.durationMicros(), kept.errorClass(),
				kept.message(), kept.fingerprint(), kept.dueAt(),
				kept.result().replace(Build.class.getName(), "com.acme.Gone"));
		node.dispatcher().retry(new DueRetry(due.callRow(), due.delivery(), renamed));
		awaitCalls(node, delivery, 3);
		CallRecord dead = callsOf(node, delivery, "deploy").getLast();
		assertThat(dead.status()).isEqualTo(CallStatus.DEAD);
		assertThat(dead.attempt()).isEqualTo(2);
		assertThat(dead.message()).contains("was not kept with the call, or can no longer be read");
	}

	@Test
	void anAsyncCallThatAlwaysFailsIsDeadAfterItsBudgetAndTheCascadeCompleted() {
		Node node = node((kernel) -> {
			bystanders(kernel);
			kernel.addAsyncHandler(PUSH, "sync-crm", null, new AsyncRetries(2, Duration.ofMinutes(1)), (appCon) -> {
				counted("sync-crm", null);
				throw new IllegalStateException("crm rejects the token");
			});
		});
		NewDelivery delivery = delivery("always");
		deliver(node, delivery, 3);
		this.clock.advance(Duration.ofMinutes(2));
		retryAndAwait(node, delivery, 4);
		this.clock.advance(Duration.ofMinutes(3));
		retryAndAwait(node, delivery, 5);
		List<CallRecord> calls = callsOf(node, delivery, "sync-crm");
		assertThat(calls).extracting(CallRecord::status)
			.containsExactly(CallStatus.FAILED, CallStatus.FAILED, CallStatus.DEAD);
		assertThat(calls.getLast().errorClass()).isEqualTo(IllegalStateException.class.getName());
		assertThat(calls.getLast().fingerprint()).isEqualTo(calls.getFirst().fingerprint()).isNotNull();
		this.clock.advance(Duration.ofDays(2));
		assertThat(retryDue(node)).isZero();
		assertThat(count("sync-crm")).isEqualTo(3);
		assertThat(count("build")).isEqualTo(1);
		assertThat(count("audit")).isEqualTo(1);
		assertThat(callsOf(node, delivery, "build")).extracting(CallRecord::status).containsExactly(CallStatus.COMPLETED);
		DeliveryRecord record = node.inbox().find("github", "always", false).orElseThrow();
		assertThat(record.status()).isEqualTo(DeliveryStatus.COMPLETED);
	}

	@Test
	void aNonRetryableFailureIsDeadAtOnce() {
		Node node = node((kernel) -> {
			bystanders(kernel);
			kernel.addAsyncHandler(PUSH, "charge", (appCon) -> {
				counted("charge", null);
				throw new IllegalStateException("declined", new NonRetryableException("card stolen"));
			});
		});
		NewDelivery delivery = delivery("non-retryable");
		deliver(node, delivery, 3);
		assertThat(callsOf(node, delivery, "charge")).extracting(CallRecord::status).containsExactly(CallStatus.DEAD);
		this.clock.advance(Duration.ofDays(1));
		assertThat(retryDue(node)).isZero();
		assertThat(count("charge")).isEqualTo(1);
	}

	@Test
	void aRetryAfterSetsTheNextDueTime() {
		Node node = node((kernel) -> kernel.addAsyncHandler(PUSH, "post", (appCon) -> {
			throw new RetryAfterException("rate limited", Duration.ofSeconds(90));
		}));
		NewDelivery delivery = delivery("retry-after");
		deliver(node, delivery, 1);
		assertThat(callsOf(node, delivery, "post").getFirst().dueAt()).isEqualTo(this.clock.instant().plusSeconds(90));
		this.clock.advance(Duration.ofSeconds(89));
		assertThat(retryDue(node)).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		retryAndAwait(node, delivery, 2);
	}

	@Test
	void aRestartedNodeResumesAPendingRetry() {
		Assumptions.assumeTrue(durable(), "the memory inbox forgets everything at a restart");
		AtomicInteger failing = new AtomicInteger();
		Node before = node((kernel) -> kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
			failing.incrementAndGet();
			throw new IllegalStateException("chat is down");
		}));
		NewDelivery delivery = delivery("restart");
		deliver(before, delivery, 1);
		stop(before);

		AtomicInteger fixed = new AtomicInteger();
		Node after = node((kernel) -> kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
			fixed.incrementAndGet();
			return null;
		}));
		this.clock.advance(Duration.ofMinutes(5));
		retryAndAwait(after, delivery, 2);
		assertThat(callsOf(after, delivery, "notify")).extracting(CallRecord::status)
			.containsExactly(CallStatus.FAILED, CallStatus.COMPLETED);
		assertThat(failing.get()).isEqualTo(1);
		assertThat(fixed.get()).isEqualTo(1);
	}

	@Test
	void aRetryClaimedByANodeThatDiedIsClaimedByAnotherOnceItsLeaseExpires() {
		Assumptions.assumeTrue(durable(), "the memory inbox has one node");
		InboxSettings shortLease = InboxSettings.defaults().withLeaseDuration(Duration.ofMillis(500));
		Node dying = node(shortLease, (kernel) -> kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
			throw new IllegalStateException("chat is down");
		}));
		NewDelivery delivery = delivery("died");
		deliver(dying, delivery, 1);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(dying.inbox().claimDueRetries(64)).hasSize(1); // claimed, never run: the node dies
		Node other = node(shortLease, (kernel) -> kernel.addAsyncHandler(PUSH, "notify", (appCon) -> null));
		assertThat(other.inbox().claimDueRetries(64)).as("held under the dead node's lease").isEmpty();
		List<DueRetry> due = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
			.until(() -> other.inbox().claimDueRetries(64), (claimed) -> !claimed.isEmpty());
		due.forEach(other.dispatcher()::retry);
		awaitCalls(other, delivery, 2);
		assertThat(callsOf(other, delivery, "notify")).extracting(CallRecord::status)
			.containsExactly(CallStatus.FAILED, CallStatus.COMPLETED);
		assertThat(dying.inbox().retried(due.getFirst(), List.of())).as("the dead node's late report is fenced").isFalse();
	}

	@Test
	void twoNodesClaimingTogetherNeverTakeOneRetryTwice() throws Exception {
		Assumptions.assumeTrue(durable(), "the memory inbox has one node");
		Consumer<Kernel> failing = (kernel) -> kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
			throw new IllegalStateException("down");
		});
		failOnOneThenClaimTogether(failing, Duration.ofMinutes(5),
				(node) -> node.inbox().claimDueRetries(3).stream().map(DueRetry::callRow).toList());
	}

	@Test
	void theLeaseOfARunningRetryIsRenewedSoNoOtherNodeTakesIt() {
		Assumptions.assumeTrue(durable(), "the memory inbox has one node");
		InboxSettings shortLease = InboxSettings.defaults().withLeaseDuration(Duration.ofSeconds(1));
		Node running = node(shortLease, (kernel) -> kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
			throw new IllegalStateException("down");
		}));
		NewDelivery delivery = delivery("renewed");
		deliver(running, delivery, 1);
		this.clock.advance(Duration.ofMinutes(5));
		DueRetry due = running.inbox().claimDueRetries(64).getFirst();
		Node other = node(shortLease, (kernel) -> { });
		// renewed ten times a lease, for three leases: the other node never gets it
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
			.until(() -> running.inbox().renewLeases() == 1 && other.inbox().claimDueRetries(64).isEmpty());
		running.inbox().releasedRetry(due);
		assertThat(running.inbox().renewLeases()).as("a released retry is no longer renewed").isZero();
		assertThat(other.inbox().claimDueRetries(64)).extracting(DueRetry::callRow).containsExactly(due.callRow());
	}

	@Test
	void aRetryWhoseHandlerIsGoneIsDeadWithTheReason() {
		Node node = node((kernel) -> kernel.addAsyncHandler(PUSH, "legacy", (appCon) -> {
			throw new IllegalStateException("down");
		}));
		NewDelivery delivery = delivery("gone");
		deliver(node, delivery, 1);
		this.clock.advance(Duration.ofMinutes(5));
		List<DueRetry> due = node.inbox().claimDueRetries(64);
		assertThat(due).hasSize(1);
		Kernel without = Kernel.builder().build(); // redeployed without the handler
		try {
			new DeliveryDispatcher(node.inbox(), without, List.of((record, body, metadata) -> AppCon.of(PUSH, null)))
				.retry(due.getFirst());
			awaitCalls(node, delivery, 2);
		}
		finally {
			without.close(Duration.ofSeconds(5));
		}
		CallRecord dead = callsOf(node, delivery, "legacy").getLast();
		assertThat(dead.status()).isEqualTo(CallStatus.DEAD);
		assertThat(dead.attempt()).isEqualTo(2);
		assertThat(dead.errorClass()).isEqualTo(IllegalArgumentException.class.getName());
		assertThat(dead.message()).contains("legacy");
	}

	@Test
	void aRetryTheClosedBusRefusesIsGivenBackForLater() {
		Node node = node((kernel) -> kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
			throw new IllegalStateException("down");
		}));
		NewDelivery delivery = delivery("refused");
		deliver(node, delivery, 1);
		this.clock.advance(Duration.ofMinutes(5));
		DueRetry due = node.inbox().claimDueRetries(64).getFirst();
		node.kernel().close(Duration.ofSeconds(5));
		assertThatThrownBy(() -> node.dispatcher().retry(due)).isInstanceOf(KernelClosedException.class);
		assertThat(node.inbox().claimDueRetries(64)).as("held until given back").isEmpty();
		node.inbox().releasedRetry(due);
		assertThat(node.inbox().claimDueRetries(64)).extracting(DueRetry::callRow).containsExactly(due.callRow());
	}

	@Test
	void aDeliveryKeepsItsRowAndBodyPastRetentionWhileARetryIsPendingOrItsCallIsDead() {
		Node node = node((kernel) -> kernel.addAsyncHandler(PUSH, "notify", null,
				new AsyncRetries(1, Duration.ofDays(10)), (appCon) -> {
					throw new IllegalStateException("down");
				}));
		NewDelivery delivery = delivery("kept");
		deliver(node, delivery, 1);
		this.clock.advance(Duration.ofDays(8)); // past retention (7 d) and the dedupe window (7 d)
		node.inbox().purge();
		DeliveryRecord kept = node.inbox().find("github", "kept", true).orElseThrow();
		assertThat(kept.body()).isEqualTo(delivery.body());
		this.clock.advance(Duration.ofDays(5));
		retryAndAwait(node, delivery, 2);
		assertThat(callsOf(node, delivery, "notify").getLast().status()).isEqualTo(CallStatus.DEAD);
		node.inbox().purge();
		assertThat(node.inbox().find("github", "kept", true).orElseThrow().body())
			.as("a dead call keeps its delivery's body, for a replay once its handler is fixed").isEqualTo(delivery.body());
		this.clock.advance(Duration.ofDays(18)); // 31 days after it came: past failed retention (30 d)
		node.inbox().purge();
		assertThat(node.inbox().find("github", "kept", false)).isEmpty();
	}

	@Test
	void aRerunOfTheDeliveryEndsItsPendingRetry() {
		Node node = node((kernel) -> kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
			counted("notify", null);
			throw new IllegalStateException("down");
		}));
		NewDelivery delivery = delivery("rerun");
		deliver(node, delivery, 1);
		assertThat(node.inbox().replay("github", "rerun")).isEqualTo(ReplayOutcome.REPLAYED);
		List<ClaimedDelivery> claimed = await().atMost(WAIT).until(() -> node.inbox().claimExpired(64),
				(rows) -> !rows.isEmpty());
		claimed.forEach(node.dispatcher()::redispatch);
		awaitCalls(node, delivery, 2);
		await().atMost(WAIT).until(() -> callsOf(node, delivery, "notify").getFirst().status() == CallStatus.FAILED);
		List<CallRecord> calls = callsOf(node, delivery, "notify");
		assertThat(calls).extracting(CallRecord::status).containsExactly(CallStatus.FAILED, CallStatus.RETRYING);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(retryDue(node)).as("only the rerun's retry").isEqualTo(1);
		awaitCalls(node, delivery, 3);
		assertThat(count("notify")).isEqualTo(3);
	}

}
