package io.taobus.webhook;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Turns a refused delivery into an RFC 9457 {@code application/problem+json} response: a type per
 * outcome, the status, a detail safe to show, and {@code Retry-After} where the sender should retry
 * (429 and 503) or {@code WWW-Authenticate} where it should authenticate.
 */
final class ProblemResponses {

	static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	private ProblemResponses() {
	}

	static Mono<ServerResponse> of(IngestionException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setType(URI.create("urn:taobus:problem:" + ex.outcome().tag().replace('_', '-')));
		problem.setProperty("outcome", ex.outcome().tag());
		ServerResponse.BodyBuilder response = ServerResponse.status(ex.status()).contentType(PROBLEM_JSON);
		if (ex.status() == HttpStatus.TOO_MANY_REQUESTS || ex.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			long seconds = (ex.retryAfter() != null) ? Math.max(1, ex.retryAfter().toSeconds()) : 1;
			response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
		}
		if (ex.outcome() == IngestionOutcome.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"taobus\"");
		}
		return response.bodyValue(problem);
	}

	/** The 405 of any method but POST on an ingestion path. */
	static Mono<ServerResponse> methodNotAllowed() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED,
				"only POST is allowed on this path");
		problem.setType(URI.create("urn:taobus:problem:method-not-allowed"));
		return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
			.allow(HttpMethod.POST)
			.contentType(PROBLEM_JSON)
			.bodyValue(problem);
	}

}
