package io.taobus.tao;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed async call of a recorded cascade is retried on its own, by whoever keeps the record (the
 * inbox): up to {@code retries} more attempts, the n-th due {@code backoff × 2^(n-1)}, give or take a
 * fifth (jitter, so that the retries of one outage do not all come due at once), capped at a day. The
 * kernel only carries it with the registration ({@link HandlerCall#retries()}); it never retries.
 *
 * @param retries how many retries after the first attempt, 0 for none
 * @param backoff the delay before the first retry
 */
public record AsyncRetries(int retries, Duration backoff) {

	/** Five attempts over about an hour: 4, 8, 16 and 32 minutes apart. */
	public static final AsyncRetries DEFAULT = new AsyncRetries(4, Duration.ofMinutes(4));

	/** No retry: a failed call is dead at once. */
	public static final AsyncRetries NONE = new AsyncRetries(0, Duration.ofMinutes(4));

	/** The longest delay between two attempts. */
	public static final Duration MAX_DELAY = Duration.ofDays(1);

	public AsyncRetries {
		Objects.requireNonNull(backoff, "backoff");
		if (retries < 0) {
			throw new IllegalArgumentException("retries must not be negative, was " + retries);
		}
		if (backoff.isNegative() || backoff.isZero()) {
			throw new IllegalArgumentException("backoff must be positive, was " + backoff);
		}
	}

	/**
	 * The delay before the attempt after {@code failedAttempt}.
	 * @param failedAttempt the attempt that failed, from 1
	 * @param jitter a number in [0, 1) (uniform), which moves the delay within ±20 %
	 */
	public Duration delay(int failedAttempt, double jitter) {
		int doublings = Math.min(Math.max(0, failedAttempt - 1), 30);
		double millis = this.backoff.toMillis() * (double) (1L << doublings) * (0.8 + 0.4 * jitter);
		return (millis >= MAX_DELAY.toMillis()) ? MAX_DELAY : Duration.ofMillis(Math.max(1, (long) millis));
	}

}
