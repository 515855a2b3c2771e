package io.taobus.tao;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by an async handler that knows when to try again (a rate limit's {@code Retry-After}): its
 * next attempt is due after {@link #delay()} instead of the backoff ({@link AsyncRetries}), within the
 * same budget of retries. Found as the error or any of its causes.
 */
public class RetryAfterException extends RuntimeException {

	private final Duration delay;

	public RetryAfterException(String message, Duration delay) {
		super(message);
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative, was " + delay);
		}
		this.delay = delay;
	}

	/** How long to wait before the next attempt. */
	public Duration delay() {
		return this.delay;
	}

}
