package io.taobus.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import io.taobus.tao.AsyncRetries;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.NonRetryableException;
import io.taobus.tao.RetryAfterException;
import org.jspecify.annotations.Nullable;

/**
 * The rule of retrying failed async calls, in one place for every store: a failed async call whose AppCon
 * can be had again (the delivery's own, hop {@code 0}, which the store rebuilds from the delivery; or a
 * chained one whose AppCon the ledger kept with the call, {@link CallResults#encodeInput}) is
 * {@link CallStatus#RETRYING} while its registration's budget ({@link AsyncRetries}) lasts, due after
 * its backoff, or after the delay of a {@link RetryAfterException}; it is {@link CallStatus#DEAD} once
 * the budget is spent or at once for a {@link NonRetryableException}. The retries spent are the call's
 * attempt minus the delivery's: a rerun of the delivery starts the call's budget again. A failed async
 * call on a chained AppCon that could not be kept (its data cannot be written, or the ledger keeps no
 * results) stays {@link CallStatus#FAILED}: it cannot run again on its own, and a rerun of its delivery
 * runs it again.
 */
final class AsyncRetryRule {

	/** The hop whose AppCon a store can rebuild: the delivery's own. */
	static final String REBUILDABLE_HOP = "0";

	/** How many causes deep a {@link NonRetryableException} or {@link RetryAfterException} is looked for. */
	private static final int CAUSES = 8;

	private AsyncRetryRule() {
	}

	/** Whether a call needs its AppCon kept to be retried: a failed async call on a chained AppCon. */
	static boolean needsInput(HandlerCall call) {
		return call.failed() && call.handler().kind() == HandlerKind.ASYNC && !REBUILDABLE_HOP.equals(call.hop());
	}

	/**
	 * The record of a call that has just ended, with its retry decided.
	 * @param attempt the call's attempt
	 * @param deliveryAttempt the attempt of the delivery whose run the call's retries count from
	 * @param input the AppCon of a call that {@link #needsInput}, as kept; {@code null} when none was kept
	 * (or none is needed)
	 */
	static CallRecord settle(HandlerCall call, int attempt, int deliveryAttempt, Instant now, DoubleSupplier jitter,
			@Nullable String input) {
		CallRecord record = CallRecord.of(call, attempt, now);
		if (record.status() != CallStatus.FAILED || call.handler().kind() != HandlerKind.ASYNC
				|| (needsInput(call) && input == null)) {
			return record;
		}
		Throwable error = call.error();
		if (find(error, NonRetryableException.class) != null) {
			return record.with(CallStatus.DEAD, null);
		}
		AsyncRetries retries = call.retries();
		if (attempt - deliveryAttempt >= retries.retries()) {
			return record.with(CallStatus.DEAD, null);
		}
		RetryAfterException retryAfter = find(error, RetryAfterException.class);
		Duration delay = (retryAfter != null) ? retryAfter.delay() : retries.delay(attempt - deliveryAttempt + 1,
				jitter.getAsDouble());
		return record.with(CallStatus.RETRYING, now.plus(delay)).withResult(input);
	}

	private static <T extends Throwable> @Nullable T find(@Nullable Throwable error, Class<T> type) {
		Throwable current = error;
		for (int depth = 0; current != null && depth < CAUSES; depth++) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		return null;
	}

}
