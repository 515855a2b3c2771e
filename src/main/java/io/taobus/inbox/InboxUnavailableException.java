package io.taobus.inbox;

import java.time.Duration;

/**
 * The inbox cannot store a delivery now: the database cannot be reached or failed the write, or the
 * writer's queue is full. Nothing was acknowledged; the caller answers 503 with {@code Retry-After}
 * {@link #retryAfter()}, and the sender's retry is accepted once the store is back.
 */
public class InboxUnavailableException extends RuntimeException {

	private final Duration retryAfter;

	public InboxUnavailableException(String message, Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	public InboxUnavailableException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** How long the sender should wait before retrying. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
