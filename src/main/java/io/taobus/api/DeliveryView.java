package io.taobus.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.DeliveryPage;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.ingestion.RecordedResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored delivery as the operator API shows it. The body, only when asked for, is its text when
 * it is valid UTF-8 ({@code body}), else base64 ({@code bodyBase64}).
 *
 * @param source the source name
 * @param deliveryId the delivery id
 * @param status {@code pending}, {@code completed}, {@code failed} or {@code dead}
 * @param attempts how many times it ran: every dispatch of its cascade (the first, a resend's, a replay's,
 * a recovery's after a crash), counted when it starts; a replay waiting for its run adds none
 * @param term the AppCon's term
 * @param action the AppCon's action
 * @param orient the AppCon's orient
 * @param contentType the request's content type
 * @param headers the stored event headers (never a signature)
 * @param receivedAt when the first copy arrived
 * @param completedAt when it was last settled, or {@code null} while pending
 * @param handlerCalls handler calls of the finished cascade
 * @param asyncErrors async handler errors the finished cascade swallowed
 * @param unhandled whether it completed without reaching any handler: no handler matches its trigram (a
 * typo in a pattern, an event type nobody handles); {@code taobus.deliveries.unhandled} counts these
 * @param lastError the last failure as {@code ClassName: message}, or {@code null}
 * @param nextRetryAt when a {@code failed} delivery's automatic retry is due (it skips the calls that
 * completed), or {@code null} when none waits
 * @param bodyKept whether retention has kept the body (a replay needs it)
 * @param body the body as text, when asked for and valid UTF-8
 * @param bodyBase64 the body in base64, when asked for and not valid UTF-8
 * @param response what a request/response delivery ({@code POST /tao/context}, a source with a synchronous
 * reply) answered, recorded with its outcome, when the body is asked for and it is still kept: its JSON,
 * or {@code {"contentType", "body"}} for an answer of another type; none for an answer without a body
 * @param calls the delivery's timeline: every attempt of each handler call of its cascades, in the order
 * they started; only in the view of one delivery
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeliveryView(String source, String deliveryId, String status, int attempts, String term, String action,
		String orient, @Nullable String contentType, Map<String, String> headers, Instant receivedAt,
		@Nullable Instant completedAt, int handlerCalls, int asyncErrors, boolean unhandled, @Nullable String lastError,
		@Nullable Instant nextRetryAt, boolean bodyKept, @Nullable String body, @Nullable String bodyBase64, @JsonRawValue @Nullable String response,
		@Nullable List<Call> calls) {

	static DeliveryView of(DeliveryRecord record) {
		return of(record, null);
	}

	/** The view of one delivery, with its timeline. */
	static DeliveryView of(DeliveryRecord record, @Nullable List<CallRecord> calls) {
		byte[] bytes = record.body();
		String text = (bytes != null) ? utf8(bytes) : null;
		String base64 = (bytes != null && text == null) ? Base64.getEncoder().encodeToString(bytes) : null;
		return new DeliveryView(record.source(), record.deliveryId(), record.status().value(), record.attempts(),
				record.term(), record.action(), record.orient(), record.contentType(), record.headers(), record.receivedAt(),
				record.completedAt(), record.handlerCalls(), record.asyncErrors(), record.unhandled(), record.lastError(),
				record.retryAt(), record.bodyKept(), text, base64,
				response(record.response()),
				(calls != null) ? calls.stream().map(Call::of).toList() : null);
	}

	/**
	 * A recorded response as the view's JSON: JSON as it is; an answer of another content type as
	 * {@code {"contentType": …, "body": …}}; none for an answer without a body.
	 */
	private static @Nullable String response(byte @Nullable [] recorded) {
		if (recorded == null) {
			return null;
		}
		RecordedResponse response = RecordedResponse.read(recorded);
		if (response.empty()) {
			return null;
		}
		if (response.contentType() == null) {
			return new String(response.body(), StandardCharsets.UTF_8);
		}
		String text = utf8(response.body());
		Map<String, String> framed = new LinkedHashMap<>();
		framed.put("contentType", response.contentType());
		framed.put((text != null) ? "body" : "bodyBase64",
				(text != null) ? text : Base64.getEncoder().encodeToString(response.body()));
		return JsonMapper.shared().writeValueAsString(framed);
	}

	/**
	 * One attempt of one handler call in a delivery's timeline.
	 * @param callId the call's stable id, the same on every rerun (what the handler saw as its {@code CallId})
	 * @param hop the hop's path in the cascade: {@code 0} the delivery's AppCon, {@code 0.1} what its inline
	 * handler #1 chained, {@code 0.a0} what its async handler #0 returned, {@code 0.d0} an intercept's divert
	 * @param trigram the hop's trigram, {@code term|action|orient}
	 * @param handler the handler's name
	 * @param kind {@code intercept}, {@code inline} or {@code async}
	 * @param attempt which run of the call
	 * @param status {@code completed}, {@code failed}, {@code retrying}, {@code dead}, or {@code skipped}: a call
	 * of a rerun not run again because an earlier run completed it (its outcome is that run's)
	 * @param outcome {@code success}, {@code halted}, {@code diverted}, {@code error} or {@code timeout}
	 * @param startedAt when it started
	 * @param durationMicros how long it ran, in microseconds
	 * @param errorClass the exception's class, when it failed
	 * @param message the exception's message, cut to 1000 characters
	 * @param fingerprint a hash of the exception's class and top frames, equal for the failures of one bug
	 * @param dueAt when its retry is due, while {@code retrying}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Call(String callId, String hop, String trigram, String handler, String kind, int attempt, String status,
			String outcome, Instant startedAt, long durationMicros, @Nullable String errorClass, @Nullable String message,
			@Nullable String fingerprint, @Nullable Instant dueAt) {

		static Call of(CallRecord call) {
			return new Call(call.callId(), call.hop(), call.trigram(), call.handler(), call.kind(), call.attempt(),
					call.status().value(), call.outcome(), call.startedAt(), call.durationMicros(), call.errorClass(),
					call.message(), call.fingerprint(), call.dueAt());
		}

	}

	private static @Nullable String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * A page of deliveries, newest first, without bodies.
	 * @param deliveries the rows of the page
	 * @param nextCursor the {@code cursor} of the next page, absent on the last one
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Page(List<DeliveryView> deliveries, @Nullable String nextCursor) {

		static Page of(DeliveryPage page) {
			return new Page(page.deliveries().stream().map(DeliveryView::of).toList(), page.nextCursor());
		}

	}

	/**
	 * What a bulk replay marked, or would mark.
	 * @param count the deliveries marked to run again; in a preview, those it would mark
	 * @param preview whether nothing was marked: the count of a preview
	 */
	record Replayed(int count, boolean preview) {
	}

	/**
	 * The filter of a bulk replay; at least one criterion is required, but for a preview. Without a status,
	 * only what failed runs again.
	 * @param source only this source
	 * @param status only this settled status: {@code completed}, {@code failed} or {@code dead}; absent: the
	 * failed and dead deliveries and those with a failing call (with handler or errorClass: those with a
	 * failing call of theirs, whatever their status)
	 * @param from only deliveries received at or after this instant (ISO-8601, e.g. 2026-11-30T06:00:00Z)
	 * @param to only deliveries received before this instant
	 * @param handler only deliveries with a failing call (its latest attempt failed or dead) of this handler
	 * @param errorClass only deliveries with a failing call that threw this exception class, e.g.
	 * {@code java.lang.IllegalStateException}
	 * @param preview true: mark nothing, answer 200 with the count it would mark
	 * @param scope what each run runs again: {@code failed} (the default) only the handler calls that did not
	 * complete, {@code all} the whole cascade; not a filter
	 */
	record ReplayRequest(@Nullable String source, @Nullable String status, @Nullable String from, @Nullable String to,
			@Nullable String handler, @Nullable String errorClass, @Nullable Boolean preview, @Nullable String scope) {
	}

}
