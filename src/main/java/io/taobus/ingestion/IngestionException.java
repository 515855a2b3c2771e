package io.taobus.ingestion;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A delivery refused with a status and a detail safe to show the sender: never a secret, a payload or
 * a stack trace. {@link ProblemResponses} turns it into RFC 9457 problem details.
 */
public final class IngestionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final HttpStatus status;

	private final IngestionOutcome outcome;

	private final @Nullable Duration retryAfter;

	public IngestionException(HttpStatus status, IngestionOutcome outcome, String detail) {
		this(status, outcome, detail, null);
	}

	public IngestionException(HttpStatus status, IngestionOutcome outcome, String detail, @Nullable Duration retryAfter) {
		super(detail, null, false, false);
		this.status = status;
		this.outcome = outcome;
		this.retryAfter = retryAfter;
	}

	public static IngestionException invalidSignature(String detail) {
		return new IngestionException(HttpStatus.UNAUTHORIZED, IngestionOutcome.INVALID_SIGNATURE, detail);
	}

	public static IngestionException stale(String detail) {
		return new IngestionException(HttpStatus.UNAUTHORIZED, IngestionOutcome.STALE_TIMESTAMP, detail);
	}

	public static IngestionException malformed(String detail) {
		return new IngestionException(HttpStatus.BAD_REQUEST, IngestionOutcome.MALFORMED, detail);
	}

	public HttpStatus status() {
		return this.status;
	}

	public IngestionOutcome outcome() {
		return this.outcome;
	}

	/** How long the sender should wait, when it should retry and the default second will not do. */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
