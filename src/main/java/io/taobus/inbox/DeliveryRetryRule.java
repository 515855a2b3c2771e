package io.taobus.inbox;

import java.time.Instant;

import io.taobus.tao.AsyncRetries;
import org.jspecify.annotations.Nullable;

/**
 * The rule of retrying deliveries whose cascade failed (an inline or intercept handler threw), in one place
 * for every store: while the delivery's budget ({@link InboxSettings#retries()}) lasts, its row stays
 * {@code failed} with a due time ({@code retry_at}, on the inbox's clock: the n-th retry due after the
 * backoff of {@link AsyncRetries#delay}), for recovery to claim once it is due, on whichever node; once the
 * budget is spent it is {@code dead}. Each retry skips the calls earlier runs completed (see
 * {@link CallLog#skipping}). The retries run count from the delivery's last fresh start (received, resent
 * or replayed). A failed run also renews the delivery's {@code max-attempts} budget: that one counts
 * dispatches that never finished (crashes), and this one had an outcome.
 */
final class DeliveryRetryRule {

	private DeliveryRetryRule() {
	}

	/** Whether a delivery's failure waits for a retry or, once spent, is dead: not when retries are off. */
	static boolean retries(InboxSettings settings) {
		return settings.retries().retries() > 0;
	}

	/**
	 * When the next retry of a delivery that has just failed is due.
	 * @param retried the retries it has run since its last fresh start
	 * @param jitter a number in [0, 1)
	 * @return the due time, or {@code null} when its budget is spent: it is dead
	 */
	static @Nullable Instant next(InboxSettings settings, int retried, Instant now, double jitter) {
		AsyncRetries retries = settings.retries();
		if (retried >= retries.retries()) {
			return null;
		}
		return now.plus(retries.delay(retried + 1, jitter));
	}

}
