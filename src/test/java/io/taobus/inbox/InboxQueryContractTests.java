package io.taobus.inbox;

import java.util.List;

import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.CallId;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.NonRetryableException;
import io.taobus.tao.Outcome;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract of every {@link Inbox} on the operator's reads of the ledger: the figures per handler in
 * one grouped read, the list filtered by a failing call's handler or error class (a call retried since
 * with success no longer fails), and the bulk replay that takes only what failed unless a status is
 * asked for, with its preview that marks nothing.
 */
abstract class InboxQueryContractTests extends InboxLedgerContractTests {

	static final String BAD_CONFIG = IllegalStateException.class.getName();

	static final String DECLINED = NonRetryableException.class.getName();

	/** A call of the delivery's root hop: {@code error} null for a success. */
	static HandlerCall call(String handler, HandlerKind kind, @Nullable RuntimeException error) {
		String id = String.format("%032x", (handler + kind).hashCode() & 0xffffffffL);
		return new HandlerCall(new CallId(id), "0", AppCon.of(PUSH, null), new HandlerInfo(PUSH, kind, handler),
				(error != null) ? Outcome.ERROR : Outcome.SUCCESS, 1_000_000, error,
				(kind == HandlerKind.ASYNC) ? AsyncRetries.DEFAULT : AsyncRetries.NONE);
	}

	/** Reports a run with these calls, failed when an inline call failed, and waits for it to be written. */
	static void ran(Inbox inbox, DeliveryRef ref, HandlerCall... calls) {
		CallLog log = inbox.callLog(ref);
		List.of(calls).forEach(log::called);
		boolean failed = List.of(calls).stream().anyMatch((call) -> call.handler().kind() == HandlerKind.INLINE && call.failed());
		inbox.finished(ref, failed ? Completion.Failed.of(new IllegalStateException("bad config"), calls.length, 0)
				: new Completion.Completed(calls.length, 0), log.records());
		NewDelivery key = new NewDelivery(ref.source(), ref.deliveryId(), "push", "received", "github", null,
				java.util.Map.of(), new byte[0], java.time.Instant.EPOCH);
		awaitStatus(inbox, key, failed ? DeliveryStatus.FAILED : DeliveryStatus.COMPLETED);
		awaitCalls(inbox, key, calls.length);
	}

	/**
	 * {@code dead}: completed, its async charge dead; {@code failed}: its inline build failed; {@code fine}:
	 * completed, its async notify pending a retry (not failing); {@code fixed}: its build failed, then a resend ran it with success.
	 */
	Inbox ledger() {
		Inbox inbox = inbox();
		ran(inbox, accepted(inbox, delivery("dead")), call("build", HandlerKind.INLINE, null),
				call("charge", HandlerKind.ASYNC, new NonRetryableException("card declined")));
		ran(inbox, accepted(inbox, delivery("failed")), call("build", HandlerKind.INLINE, new IllegalStateException("bad config")));
		ran(inbox, accepted(inbox, delivery("fine")), call("build", HandlerKind.INLINE, null),
				call("notify", HandlerKind.ASYNC, new IllegalStateException("chat is down")));
		NewDelivery fixed = delivery("fixed");
		ran(inbox, accepted(inbox, fixed), call("build", HandlerKind.INLINE, new IllegalStateException("bad config")));
		Admission rerun = admit(inbox, fixed);
		assertThat(rerun).isInstanceOf(Admission.Rerun.class);
		ran(inbox, ((Admission.Rerun) rerun).ref(), call("build", HandlerKind.INLINE, null));
		return inbox;
	}

	static List<String> ids(Inbox inbox, DeliveryQuery query) {
		return inbox.list(query).deliveries().stream().map(DeliveryRecord::deliveryId).toList();
	}

	@Test
	void attemptsCountTheRunsOfADeliveryNotItsReplaysNorItsDeath() {
		Inbox inbox = node(lease(java.time.Duration.ofMillis(200)).withMaxAttempts(3));
		NewDelivery delivery = delivery("runs");
		DeliveryRef run = accepted(inbox, delivery);
		for (int replay = 1; replay <= 3; replay++) {
			inbox.finished(run, Completion.Failed.of(new IllegalStateException("run " + run.attempt()), 1, 0));
			assertThat(awaitStatus(inbox, delivery, DeliveryStatus.FAILED).attempts()).isEqualTo(replay);
			assertThat(inbox.replay(delivery.source(), delivery.deliveryId())).isEqualTo(ReplayOutcome.REPLAYED);
			assertThat(inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow().attempts())
				.as("a replay waiting for its claim has not run").isEqualTo(replay);
			run = awaitClaim(inbox, 1).getFirst().ref();
			assertThat(run.attempt()).isEqualTo(replay + 1);
		}
		// the fourth run crashes (never reported), and so do the next two: dead after max-attempts 3 runs of
		// the replay's budget, its attempts the runs it had
		awaitClaim(inbox, 2);
		DeliveryRecord dead = await().atMost(WAIT).pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
			inbox.claimExpired(10);
			return inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow();
		}, (record) -> record.status() == DeliveryStatus.DEAD);
		assertThat(dead.attempts()).isEqualTo(6);
		assertThat(dead.lastError()).contains("dispatched 3 times");
	}

	@Test
	void figuresPerHandlerCountItsRunsByStatusWithItsLastFailure() {
		assertThat(inbox().handlerFigures()).isEmpty();
		Inbox inbox = ledger();
		List<HandlerFigures> figures = inbox.handlerFigures();
		assertThat(figures).extracting(HandlerFigures::handler, HandlerFigures::kind, HandlerFigures::calls,
				HandlerFigures::failed, HandlerFigures::retrying, HandlerFigures::dead)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("build", "inline", 5L, 2L, 0L, 0L),
					org.assertj.core.groups.Tuple.tuple("charge", "async", 1L, 0L, 0L, 1L),
					org.assertj.core.groups.Tuple.tuple("notify", "async", 1L, 0L, 1L, 0L));
		CallRecord lastBuildFailure = inbox.calls("github", "fixed").stream()
			.filter((call) -> call.status() == CallStatus.FAILED).findFirst().orElseThrow();
		HandlerFigures.LastFailure build = figures.get(0).lastFailure();
		assertThat(build).isNotNull();
		assertThat(build.errorClass()).isEqualTo(BAD_CONFIG);
		assertThat(build.fingerprint()).isEqualTo(lastBuildFailure.fingerprint()).hasSize(16);
		assertThat(build.at()).isEqualTo(lastBuildFailure.startedAt());
		assertThat(figures.get(1).lastFailure().errorClass()).isEqualTo(DECLINED);
		assertThat(figures.get(2).lastFailure().errorClass()).isEqualTo(BAD_CONFIG);
	}

	@Test
	void aHandlerWithoutFailuresHasNoLastFailure() {
		Inbox inbox = inbox();
		ran(inbox, accepted(inbox, delivery("ok")), call("build", HandlerKind.INLINE, null));
		assertThat(inbox.handlerFigures()).singleElement().satisfies((figures) -> {
			assertThat(figures.calls()).isEqualTo(1);
			assertThat(figures.failed() + figures.retrying() + figures.dead()).isZero();
			assertThat(figures.lastFailure()).isNull();
		});
	}

	@Test
	void theListFiltersByAFailingCallsHandlerAndErrorClass() {
		Inbox inbox = ledger();
		assertThat(ids(inbox, new DeliveryQuery(null, null, null, 10, null, "charge", null))).containsExactly("dead");
		assertThat(ids(inbox, new DeliveryQuery(null, null, null, 10, null, "build", null)))
			.as("fixed: its build's latest attempt completed").containsExactly("failed");
		assertThat(ids(inbox, new DeliveryQuery(null, null, null, 10, null, null, BAD_CONFIG)))
			.as("notify's IllegalStateException is pending a retry, not failing").containsExactly("failed");
		assertThat(ids(inbox, new DeliveryQuery(null, null, null, 10, null, "build", DECLINED))).isEmpty();
		assertThat(ids(inbox, new DeliveryQuery(null, null, null, 10, null, "no-such-handler", null))).isEmpty();
		assertThat(ids(inbox, new DeliveryQuery("github", DeliveryStatus.COMPLETED, null, 10, null, "charge", DECLINED)))
			.containsExactly("dead");
		assertThat(ids(inbox, new DeliveryQuery(null, DeliveryStatus.FAILED, null, 10, null, "charge", null))).isEmpty();
		assertThat(ids(inbox, new DeliveryQuery("stripe", null, null, 10, null, "charge", null))).isEmpty();
		// a page at a time
		DeliveryQuery first = new DeliveryQuery(null, null, null, 1, null, null, null);
		assertThat(ids(inbox, first)).containsExactly("fixed");
		DeliveryPage failing = inbox.list(new DeliveryQuery(null, null, null, 1, null, null, DECLINED));
		assertThat(failing.deliveries()).extracting(DeliveryRecord::deliveryId).containsExactly("dead");
		assertThat(failing.nextCursor()).isNull();
	}

	@Test
	void aBulkReplayTakesWhatFailedUnlessAStatusIsAskedForAndItsPreviewMarksNothing() {
		Inbox inbox = ledger();
		// every store keeps the body of a completed row while a call of it is dead, so that it can be replayed
		int deadKept = 1;
		assertThat(inbox.replayCount(new ReplayFilter("github", null, null, null))).isEqualTo(1 + deadKept);
		assertThat(inbox.replayCount(new ReplayFilter("github", DeliveryStatus.COMPLETED, null, null)))
			.as("dead, fine and fixed; fine's body is kept for its retry and dead's for its dead call everywhere, "
					+ "fixed's only where completed bodies are kept")
			.isEqualTo(keepsCompletedBodies() ? 3 : 2);
		assertThat(inbox.replayCount(new ReplayFilter(null, null, null, null, "charge", null))).isEqualTo(deadKept);
		assertThat(inbox.replayCount(new ReplayFilter(null, null, null, null, null, BAD_CONFIG))).isEqualTo(1);
		assertThat(inbox.replayCount(new ReplayFilter(null, null, null, null, "no-such-handler", null))).isZero();
		assertThat(inbox.replayCount(new ReplayFilter(null, null, this.clock.instant().plusSeconds(1), null, "build", null)))
			.isZero();
		assertThat(inbox.find("github", "failed", false).orElseThrow().status()).as("a preview marks nothing")
			.isEqualTo(DeliveryStatus.FAILED);

		assertThat(inbox.replay(new ReplayFilter(null, null, null, null, "build", BAD_CONFIG))).isEqualTo(1);
		assertThat(inbox.replayCount(new ReplayFilter(null, null, null, null, "build", BAD_CONFIG))).isZero();
		List<ClaimedDelivery> claimed = awaitClaim(inbox, 1);
		assertThat(claimed).extracting((delivery) -> delivery.ref().deliveryId()).containsExactly("failed");
		assertThat(claimed.getFirst().replay()).isTrue();
		assertThat(inbox.replay(new ReplayFilter("github", null, null, null))).isEqualTo(deadKept);
		assertThat(inbox.find("github", "fine", false).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED);
		assertThat(inbox.find("github", "fixed", false).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED);
	}

}
