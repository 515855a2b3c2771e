package io.taobus.api;

import java.sql.SQLException;
import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * The refusals of the operator's controllers (the deliveries API, the handlers' figures) as problem
 * details, in one place: an {@link ApiProblem} as it says, an unreachable inbox as 503 with
 * {@code Retry-After}, and the framework's own 4xx (an unreadable body, a wrong content type) with the
 * {@code invalid_request} outcome.
 */
@RestControllerAdvice(assignableTypes = { DeliveriesController.class, HandlersController.class })
class OperatorProblems {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(ApiProblem problem) {
		return problem.toResponse();
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unavailable(io.taobus.inbox.InboxUnavailableException ex) {
		return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ApiProblem.Outcome.UNAVAILABLE,
				"the inbox cannot be reached; retry later", ex.retryAfter()).toResponse();
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> storeFailed(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException) {
				return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ApiProblem.Outcome.UNAVAILABLE,
						"the inbox cannot be reached; retry later", Duration.ofSeconds(5)).toResponse();
			}
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
			// an unreadable body, a wrong content type: the framework's refusal, with our outcome
			return new ApiProblem(HttpStatus.valueOf(status.getStatusCode().value()), ApiProblem.Outcome.INVALID_REQUEST,
					(status.getReason() != null) ? status.getReason() : "invalid request", null).toResponse();
		}
		throw ex;
	}

}
