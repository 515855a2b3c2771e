package io.taobus.ingestion;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Turns a refused delivery into an RFC 9457 {@code application/problem+json} response: a type per
 * outcome, the status, a detail safe to show, and {@code Retry-After} where the sender should retry
 * (429 and 503) or {@code WWW-Authenticate} where it should authenticate; and the route of an
 * ingestion endpoint, whose other methods get a 405 of the same shape.
 */
public final class ProblemResponses {

	static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	/** The outcome of a method other than POST: not an {@link IngestionOutcome}, no delivery was read. */
	static final String METHOD_NOT_ALLOWED = "method_not_allowed";

	private ProblemResponses() {
	}

	static Mono<ServerResponse> of(IngestionException ex) {
		ProblemDetail problem = problem(ex.status(), ex.outcome().tag(), ex.getMessage());
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

	/** The route of an ingestion endpoint: POST to the handler, any other method a 405 with problem details. */
	public static RouterFunction<ServerResponse> postOnly(String path, HandlerFunction<ServerResponse> handler) {
		return RouterFunctions.route()
			.POST(path, handler)
			.route(RequestPredicates.path(path), (request) -> methodNotAllowed())
			.build();
	}

	/** The 405 of any method but POST on an ingestion path. */
	static Mono<ServerResponse> methodNotAllowed() {
		return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
			.allow(HttpMethod.POST)
			.contentType(PROBLEM_JSON)
			.bodyValue(methodNotAllowedProblem());
	}

	static ProblemDetail methodNotAllowedProblem() {
		return problem(HttpStatus.METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED, "only POST is allowed on this path");
	}

	/** The problem document of every refusal: {@code type} {@code urn:taobus:problem:<outcome>}, and the outcome. */
	public static ProblemDetail problem(HttpStatus status, String outcome, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:taobus:problem:" + outcome.replace('_', '-')));
		problem.setProperty("outcome", outcome);
		return problem;
	}

}
