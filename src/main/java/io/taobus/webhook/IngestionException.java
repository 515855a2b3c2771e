package io.taobus.webhook;

import org.springframework.http.HttpStatus;

/**
 * A delivery refused with a status and a detail safe to show the sender: never a secret, a payload or
 * a stack trace. {@link ProblemResponses} turns it into RFC 9457 problem details.
 */
final class IngestionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final HttpStatus status;

	private final IngestionOutcome outcome;

	IngestionException(HttpStatus status, IngestionOutcome outcome, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.outcome = outcome;
	}

	static IngestionException invalidSignature(String detail) {
		return new IngestionException(HttpStatus.UNAUTHORIZED, IngestionOutcome.INVALID_SIGNATURE, detail);
	}

	static IngestionException stale(String detail) {
		return new IngestionException(HttpStatus.UNAUTHORIZED, IngestionOutcome.STALE_TIMESTAMP, detail);
	}

	static IngestionException malformed(String detail) {
		return new IngestionException(HttpStatus.BAD_REQUEST, IngestionOutcome.MALFORMED, detail);
	}

	HttpStatus status() {
		return this.status;
	}

	IngestionOutcome outcome() {
		return this.outcome;
	}

}
