package io.taobus.inbox;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A stored delivery as the operator API shows it, and as recovery rebuilds its AppCon from.
 *
 * @param id the row's id, ascending in insertion order
 * @param source the source name
 * @param deliveryId the delivery id
 * @param status where it stands
 * @param attempts how many times it was dispatched: raised as each run starts (a claim, a resend), so
 * crashed runs count too, and nothing else raises it (a replay is counted by the claim that runs it, a row
 * that dies at its claim is not run); also the fencing token of its outcomes, with the {@code replay} flag
 * @param term the AppCon's term
 * @param action the AppCon's action
 * @param orient the AppCon's orient
 * @param contentType the request's content type, or {@code null}
 * @param headers the stored event headers
 * @param receivedAt when the first copy arrived
 * @param completedAt when it was last settled ({@code completed}, {@code failed} or {@code dead}), or
 * {@code null} while pending
 * @param handlerCalls handler calls of the finished cascade (0 until it finished)
 * @param asyncErrors async handler errors swallowed by the finished cascade
 * @param lastError the last failure as {@code ClassName: message}, never a payload, or {@code null}
 * @param body the stored body when asked for and still kept, else {@code null}
 * @param bodyKept whether the body is still stored (retention removes it), whether or not it was loaded
 * @param response the recorded response of a request/response delivery, as JSON, when the body was asked
 * for and one is recorded, else {@code null}
 * @param retryAt when the automatic retry of a {@code failed} delivery is due ({@link DeliveryRetryRule}),
 * or {@code null} when none waits
 */
public record DeliveryRecord(long id, String source, String deliveryId, DeliveryStatus status, int attempts,
		String term, String action, String orient, @Nullable String contentType, Map<String, String> headers,
		Instant receivedAt, @Nullable Instant completedAt, int handlerCalls, int asyncErrors,
		@Nullable String lastError, byte @Nullable [] body, boolean bodyKept, byte @Nullable [] response,
		@Nullable Instant retryAt) {

	public DeliveryRecord {
		headers = Map.copyOf(headers);
	}

	/** A record without a retry due. */
	public DeliveryRecord(long id, String source, String deliveryId, DeliveryStatus status, int attempts, String term,
			String action, String orient, @Nullable String contentType, Map<String, String> headers, Instant receivedAt,
			@Nullable Instant completedAt, int handlerCalls, int asyncErrors, @Nullable String lastError,
			byte @Nullable [] body, boolean bodyKept, byte @Nullable [] response) {
		this(id, source, deliveryId, status, attempts, term, action, orient, contentType, headers, receivedAt, completedAt,
				handlerCalls, asyncErrors, lastError, body, bodyKept, response, null);
	}

	/** Whether it completed without reaching any handler ({@link Completion.Completed#unhandled()}). */
	public boolean unhandled() {
		return this.status == DeliveryStatus.COMPLETED && Completion.Completed.unhandled(this.handlerCalls);
	}

	/** This record as a rerun leaves it: pending again, one attempt more. */
	DeliveryRecord rerun() {
		return new DeliveryRecord(this.id, this.source, this.deliveryId, DeliveryStatus.PENDING, this.attempts + 1,
				this.term, this.action, this.orient, this.contentType, this.headers, this.receivedAt, null,
				this.handlerCalls, this.asyncErrors, this.lastError, null, true, this.response, null);
	}

	/** This record as a claim leaves it: one attempt more. */
	DeliveryRecord claimed(int attempt) {
		return new DeliveryRecord(this.id, this.source, this.deliveryId, this.status, attempt, this.term, this.action,
				this.orient, this.contentType, this.headers, this.receivedAt, this.completedAt, this.handlerCalls,
				this.asyncErrors, this.lastError, this.body, this.bodyKept, this.response, null);
	}

	@Override
	public String toString() {
		return "DeliveryRecord[" + this.id + " " + this.source + "/" + this.deliveryId + " " + this.status.value()
				+ " attempts=" + this.attempts + "]";
	}

}
