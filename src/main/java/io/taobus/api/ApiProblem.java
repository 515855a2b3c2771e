package io.taobus.api;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A refused operator request: a status, an {@code outcome} tag from a closed set and a detail safe to
 * show (never a payload), answered as RFC 9457 problem details, the way ingestion answers
 * ({@code urn:taobus:problem:<outcome>}, {@code Retry-After} on 503, {@code WWW-Authenticate} on 401).
 */
final class ApiProblem extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The outcomes of the operator API. */
	enum Outcome {

		UNAUTHORIZED, INVALID_REQUEST, NOT_FOUND, BODY_EXPIRED, PENDING, UNAVAILABLE;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	private final HttpStatus status;

	private final Outcome outcome;

	private final @Nullable Duration retryAfter;

	ApiProblem(HttpStatus status, Outcome outcome, String detail, @Nullable Duration retryAfter) {
		super(detail, null, false, false);
		this.status = status;
		this.outcome = outcome;
		this.retryAfter = retryAfter;
	}

	static ApiProblem invalid(String detail) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, Outcome.INVALID_REQUEST, detail, null);
	}

	static ApiProblem unauthorized(String detail) {
		return new ApiProblem(HttpStatus.UNAUTHORIZED, Outcome.UNAUTHORIZED, detail, null);
	}

	static ApiProblem notFound() {
		return new ApiProblem(HttpStatus.NOT_FOUND, Outcome.NOT_FOUND, "no delivery is stored under this source and id", null);
	}

	ResponseEntity<ProblemDetail> toResponse() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, getMessage());
		problem.setType(URI.create("urn:taobus:problem:" + this.outcome.tag().replace('_', '-')));
		problem.setProperty("outcome", this.outcome.tag());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(this.status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (this.retryAfter != null) {
			response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, this.retryAfter.toSeconds())));
		}
		if (this.outcome == Outcome.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"taobus\"");
		}
		return response.body(problem);
	}

}
