package io.taobus.inbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.taobus.tao.AppCon;
import io.taobus.tao.CallId;
import io.taobus.tao.CascadeResult;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.Kernel;
import io.taobus.tao.Outcome;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract of every {@link Inbox} on the ledger of handler calls ({@link CallRecord}): the calls of
 * a delivery's cascade, as a real {@link Kernel} reports them, written with its outcome and read back as
 * its timeline; kept across reruns with the same call ids; bounded so that no call can make the store
 * refuse an outcome; deleted with their delivery.
 */
abstract class InboxLedgerContractTests extends InboxLeaseContractTests {

	static final Trigram PUSH = Trigram.of("push", "received", "github");

	final Kernel kernel = Kernel.builder().build();

	@AfterEach
	void closeKernel() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	/** Runs a delivery's cascade as the service's dispatcher does, and reports it with its calls. */
	CascadeResult run(Inbox inbox, DeliveryRef ref) throws Exception {
		CallLog calls = inbox.callLog(ref);
		CascadeResult result = this.kernel
			.dispatch(AppCon.of(PUSH, null), System.nanoTime(), UnaryOperator.identity(), 0,
					ref.source() + '\u0000' + ref.deliveryId(), calls)
			.toCompletableFuture()
			.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		Completion completion = result.failed()
				? Completion.Failed.of(result.failure(), result.handlerCalls(), result.asyncErrors())
				: new Completion.Completed(result.handlerCalls(), result.asyncErrors());
		inbox.finished(ref, completion, calls.records());
		return result;
	}

	static List<CallRecord> awaitCalls(Inbox inbox, NewDelivery delivery, int count) {
		return await().atMost(WAIT).until(() -> inbox.calls(delivery.source(), delivery.deliveryId()),
				(calls) -> calls.size() >= count);
	}

	@Test
	void theCallsOfACascadeWithTwoHandlersAreOnTheLedgerWithItsOutcome() throws Exception {
		this.kernel.addInlineHandler(PUSH, "build", (appCon) -> null);
		this.kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
			throw new IllegalStateException("chat is down");
		});
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("two-handlers");
		run(inbox, accepted(inbox, delivery));
		DeliveryRecord record = awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		assertThat(record.handlerCalls()).isEqualTo(2);
		List<CallRecord> calls = awaitCalls(inbox, delivery, 2);
		assertThat(calls).hasSize(2);
		CallRecord build = calls.stream().filter((call) -> call.handler().equals("build")).findFirst().orElseThrow();
		CallRecord notify = calls.stream().filter((call) -> call.handler().equals("notify")).findFirst().orElseThrow();
		assertThat(build).extracting(CallRecord::hop, CallRecord::trigram, CallRecord::kind, CallRecord::attempt,
				CallRecord::status, CallRecord::outcome, CallRecord::errorClass, CallRecord::fingerprint)
			.containsExactly("0", "push|received|github", "inline", 1, CallStatus.COMPLETED, "success", null, null);
		assertThat(notify).extracting(CallRecord::hop, CallRecord::kind, CallRecord::status, CallRecord::outcome,
				CallRecord::errorClass, CallRecord::message)
			.containsExactly("0", "async", CallStatus.RETRYING, "error", IllegalStateException.class.getName(), "chat is down");
		assertThat(notify.dueAt()).as("its retry's due time").isAfter(this.clock.instant());
		assertThat(build.dueAt()).isNull();
		assertThat(notify.fingerprint()).hasSize(16);
		assertThat(build.callId()).hasSize(32).isNotEqualTo(notify.callId());
		assertThat(calls).allSatisfy((call) -> {
			assertThat(call.startedAt()).isBeforeOrEqualTo(this.clock.instant());
			assertThat(call.durationMicros()).isNotNegative();
		});
		assertThat(calls).isSortedAccordingTo(CallRecord.TIMELINE);
		assertThat(inbox.calls("github", "unknown")).isEmpty();
	}

	@Test
	void aRerunAddsItsAttemptWithTheSameCallIds() throws Exception {
		this.kernel.addInlineHandler(PUSH, "build", (appCon) -> {
			throw new IllegalArgumentException("bad config");
		});
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("rerun");
		assertThat(run(inbox, accepted(inbox, delivery)).failed()).isTrue();
		awaitStatus(inbox, delivery, DeliveryStatus.FAILED);
		this.clock.advance(Duration.ofSeconds(1));
		Admission rerun = admit(inbox, delivery);
		assertThat(rerun).isInstanceOf(Admission.Rerun.class);
		DeliveryRef ref = ((Admission.Rerun) rerun).ref();
		run(inbox, ref);
		awaitStatus(inbox, delivery, DeliveryStatus.FAILED);
		List<CallRecord> calls = awaitCalls(inbox, delivery, 2);
		assertThat(calls).extracting(CallRecord::attempt).containsExactly(1, ref.attempt());
		assertThat(calls).extracting(CallRecord::callId).containsOnly(calls.getFirst().callId());
		assertThat(calls).extracting(CallRecord::fingerprint).containsOnly(calls.getFirst().fingerprint());
		assertThat(calls).extracting(CallRecord::status).containsOnly(CallStatus.FAILED);
	}

	@Test
	void aCallsTextsAreBoundedSoThatTheStoreTakesTheOutcome() {
		Inbox inbox = inbox();
		NewDelivery delivery = delivery("long-texts");
		DeliveryRef ref = accepted(inbox, delivery);
		CallLog log = inbox.callLog(ref);
		String name = "h".repeat(2000);
		log.called(new HandlerCall(new CallId("0".repeat(32)), "0" + ".0".repeat(800), AppCon.of(PUSH, null),
				new HandlerInfo(PUSH, HandlerKind.INLINE, name), Outcome.ERROR, 1_000,
				new IllegalStateException("x\u0000" + "y".repeat(5000)), io.taobus.tao.AsyncRetries.NONE));
		inbox.finished(ref, new Completion.Completed(1, 0), log.records());
		awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		CallRecord call = awaitCalls(inbox, delivery, 1).getFirst();
		assertThat(call.handler()).hasSize(500);
		assertThat(call.hop()).hasSize(1000);
		assertThat(call.message()).hasSize(ErrorText.MAX_LENGTH).startsWith("x\uFFFDy");
	}

	@Test
	void theCallsOfAFencedOutcomeAreKeptForTheyRan() throws Exception {
		this.kernel.addInlineHandler(PUSH, "build", (appCon) -> null);
		Inbox inbox = node(lease(Duration.ofMillis(200)));
		NewDelivery delivery = delivery("fenced");
		DeliveryRef stale = accepted(inbox, delivery);
		ClaimedDelivery claimed = awaitClaim(inbox, 1).getFirst();
		run(inbox, stale);
		run(inbox, claimed.ref());
		awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		assertThat(awaitCalls(inbox, delivery, 2)).extracting(CallRecord::attempt).containsExactlyInAnyOrder(1, 2);
	}

	@Test
	void retentionDeletesTheCallsWithTheirDelivery() throws Exception {
		this.kernel.addInlineHandler(PUSH, "build", (appCon) -> null);
		this.kernel.addInlineHandler(PUSH, "fail", (appCon) -> {
			throw new IllegalStateException("boom");
		});
		Inbox inbox = inbox();
		NewDelivery failed = delivery("old-failed");
		run(inbox, accepted(inbox, failed));
		awaitCalls(inbox, failed, 2);
		this.clock.advance(InboxSettings.defaults().failedRetention().plusMinutes(1));
		NewDelivery fresh = delivery("fresh");
		run(inbox, accepted(inbox, fresh));
		awaitCalls(inbox, fresh, 2);
		assertThat(inbox.purge().rows()).isEqualTo(1);
		assertThat(inbox.calls(failed.source(), failed.deliveryId())).isEmpty();
		assertThat(inbox.calls(fresh.source(), fresh.deliveryId())).hasSize(2);
		if (database()) {
			assertThat(count("SELECT COUNT(*) FROM inbox_handler_call")).isEqualTo(2);
		}
	}

	@Test
	void retentionEmptiesTheResultsKeptForRerunsWithTheBody() {
		InboxSettings defaults = InboxSettings.defaults();
		// bodies kept a day, rows a week
		Inbox inbox = node(new InboxSettings(defaults.nodeId(), defaults.leaseDuration(), defaults.maxAttempts(),
				Duration.ofDays(1), Duration.ofDays(7), defaults.failedRetention(), defaults.batchSize(), defaults.batchWindow(),
				defaults.queueCapacity(), defaults.retryAfter()));
		NewDelivery delivery = delivery("results");
		DeliveryRef ref = accepted(inbox, delivery);
		CallLog log = inbox.callLog(ref).keeping(new CallResults() {

			@Override
			public String encode(HandlerCall call) {
				return "{\"payload\":\"secret\"}";
			}

			@Override
			public io.taobus.tao.@org.jspecify.annotations.Nullable PriorCall decode(String result) {
				return io.taobus.tao.PriorCall.chained(null);
			}

		});
		log.called(new HandlerCall(new CallId("5".repeat(32)), "0", AppCon.of(PUSH, null),
				new HandlerInfo(PUSH, HandlerKind.INLINE, "build"), Outcome.SUCCESS, 1_000, null,
				io.taobus.tao.AsyncRetries.NONE));
		inbox.finished(ref, new Completion.Completed(1, 0), log.records());
		awaitStatus(inbox, delivery, DeliveryStatus.COMPLETED);
		this.clock.advance(Duration.ofDays(2));
		inbox.purge();
		assertThat(inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow().bodyKept()).isFalse();
		assertThat(awaitCalls(inbox, delivery, 1)).extracting(CallRecord::result).containsOnlyNulls();
		assertThat(inbox.completedCalls(ref)).isEmpty();
	}

}
