package io.taobus.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.taobus.tao.HandlerCall;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one handler call of a delivery's cascade, as the ledger keeps it: what a delivery's
 * timeline shows, and what a retry of an async call starts from. Texts are cut to their columns here,
 * so that no record can make the database refuse the outcome it is written with.
 *
 * @param callId the call's stable id ({@link io.taobus.tao.CallId}), the same on every rerun
 * @param hop the hop's path in the cascade ({@link HandlerCall})
 * @param trigram the hop's AppCon trigram, {@code term|action|orient}
 * @param handler the handler's name
 * @param kind {@code intercept}, {@code inline} or {@code async}
 * @param attempt which run of the call this was: the delivery's attempt for a call of its cascade, one
 * more than the last for an async call's retry
 * @param status where it stands
 * @param outcome how it ended: {@code success}, {@code halted}, {@code diverted}, {@code error} or {@code timeout}
 * @param startedAt when it started, on the inbox's clock
 * @param durationMicros how long it ran
 * @param errorClass the exception's class name when it failed
 * @param message the exception's message, cut to {@value ErrorText#MAX_LENGTH} characters; never a payload
 * @param fingerprint where it was thrown ({@link ErrorText#fingerprint})
 * @param dueAt when its retry is due, for {@link CallStatus#RETRYING}
 * @param result what a completed call returned, as its {@link CallResults} wrote it, for a rerun to skip
 * the call; {@code null} when nothing was kept (a call that did not complete, a record of an older
 * version, or a store that keeps none): such a call runs again. For a {@link CallStatus#RETRYING} async
 * call on a chained AppCon, the AppCon it ran on ({@link CallResults#encodeInput}), for its retry
 */
public record CallRecord(String callId, String hop, String trigram, String handler, String kind, int attempt,
		CallStatus status, String outcome, Instant startedAt, long durationMicros, @Nullable String errorClass,
		@Nullable String message, @Nullable String fingerprint, @Nullable Instant dueAt, @Nullable String result) {

	/** A record that keeps no result. */
	public CallRecord(String callId, String hop, String trigram, String handler, String kind, int attempt,
			CallStatus status, String outcome, Instant startedAt, long durationMicros, @Nullable String errorClass,
			@Nullable String message, @Nullable String fingerprint, @Nullable Instant dueAt) {
		this(callId, hop, trigram, handler, kind, attempt, status, outcome, startedAt, durationMicros, errorClass, message,
				fingerprint, dueAt, null);
	}

	/**
	 * The order of a timeline: run by run (attempt), then by start; a store breaks ties in the order it
	 * recorded them.
	 */
	public static final java.util.Comparator<CallRecord> TIMELINE = java.util.Comparator.comparingInt(CallRecord::attempt)
		.thenComparing(CallRecord::startedAt);

	public CallRecord {
		Objects.requireNonNull(callId, "callId");
		hop = ErrorText.bounded(hop, 1000);
		trigram = ErrorText.bounded(trigram, 3100);
		handler = ErrorText.bounded(handler, 500);
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(startedAt, "startedAt");
		errorClass = ErrorText.boundedOrNull(errorClass, 500);
		message = ErrorText.boundedOrNull(message, ErrorText.MAX_LENGTH);
		if (attempt < 1) {
			throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
		}
		if ((status == CallStatus.RETRYING) != (dueAt != null)) {
			throw new IllegalArgumentException("a retrying call, and only one, has a due time");
		}
	}

	/**
	 * The record of a call that has just ended, {@link CallStatus#COMPLETED} or {@link CallStatus#FAILED}.
	 * @param endedAt now, on the inbox's clock
	 */
	public static CallRecord of(HandlerCall call, int attempt, Instant endedAt) {
		Throwable error = call.error();
		return new CallRecord(call.id().value(), call.hop(), call.appCon().trigram().toString(), call.handler().name(),
				call.handler().kind().tag(), attempt, call.failed() ? CallStatus.FAILED : CallStatus.COMPLETED,
				call.outcome().tag(), endedAt.minusNanos(call.nanos()), call.nanos() / 1000,
				(error != null) ? error.getClass().getName() : null, (error != null) ? error.getMessage() : null,
				(error != null) ? ErrorText.fingerprint(error) : null, null);
	}

	/**
	 * The record of a call a rerun skipped ({@link CallStatus#SKIPPED}): the outcome it had, no duration and
	 * no result of its own (the record it was skipped on keeps that).
	 * @param now when the rerun reached it, on the inbox's clock
	 */
	public static CallRecord skipped(HandlerCall call, int attempt, Instant now) {
		return new CallRecord(call.id().value(), call.hop(), call.appCon().trigram().toString(), call.handler().name(),
				call.handler().kind().tag(), attempt, CallStatus.SKIPPED, call.outcome().tag(), now, 0, null, null, null, null);
	}

	/** This record with another status and due time (a retry scheduled, or given up). */
	CallRecord with(CallStatus status, @Nullable Instant dueAt) {
		return new CallRecord(this.callId, this.hop, this.trigram, this.handler, this.kind, this.attempt, status,
				this.outcome, this.startedAt, this.durationMicros, this.errorClass, this.message, this.fingerprint, dueAt,
				this.result);
	}

	/** This record keeping what the call returned. */
	CallRecord withResult(@Nullable String result) {
		return new CallRecord(this.callId, this.hop, this.trigram, this.handler, this.kind, this.attempt, this.status,
				this.outcome, this.startedAt, this.durationMicros, this.errorClass, this.message, this.fingerprint,
				this.dueAt, result);
	}

	/**
	 * Whether the call ran on an AppCon its delivery chained, not on the delivery's own: a retry of it runs
	 * on the AppCon kept in {@link #result()}.
	 */
	public boolean onChainedAppCon() {
		return !AsyncRetryRule.REBUILDABLE_HOP.equals(this.hop);
	}

	/** How long it ran. */
	public Duration duration() {
		return Duration.ofNanos(this.durationMicros * 1000);
	}

}
