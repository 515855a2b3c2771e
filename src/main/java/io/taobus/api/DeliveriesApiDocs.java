package io.taobus.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ProblemDetail;

/**
 * The OpenAPI description of the deliveries API's responses and the handlers' figures', kept out of
 * {@link DeliveriesController} and {@link HandlersController} so that they stay readable. Every refusal is {@code application/problem+json} with an {@code outcome}.
 */
final class DeliveriesApiDocs {

	private DeliveriesApiDocs() {
	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@ApiResponse(responseCode = "200", description = "A page of deliveries and the cursor of the next one",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryView.Page.class)))
	@ApiResponse(responseCode = "400", description = "A bad status, limit, since or cursor, a blank or over-long handler"
			+ " or errorClass (outcome invalid_request)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "401", description = "Missing or invalid bearer token (outcome unauthorized)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The inbox's database cannot be reached; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@interface ListResponses {

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@ApiResponse(responseCode = "200", description = "The stored delivery",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryView.class)))
	@ApiResponse(responseCode = "400", description = "body is neither true nor false (outcome invalid_request)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "401", description = "Missing or invalid bearer token (outcome unauthorized)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "No delivery under this source and id (outcome not_found)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The inbox's database cannot be reached; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@interface FindResponses {

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@ApiResponse(responseCode = "202", description = "Marked to run again: the delivery, now pending",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryView.class)))
	@ApiResponse(responseCode = "400", description = "A scope other than failed or all (outcome invalid_request)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "401", description = "Missing or invalid bearer token (outcome unauthorized)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "No delivery under this source and id (outcome not_found)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "409", description = "The delivery is pending: running or about to be recovered (outcome pending)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "410", description = "Retention removed its body: it cannot run again (outcome body_expired)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The inbox's database cannot be reached; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@interface ReplayResponses {

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@ApiResponse(responseCode = "200", description = "A preview: how many deliveries it would mark; none was marked",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryView.Replayed.class)))
	@ApiResponse(responseCode = "202", description = "How many deliveries were marked to run again",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryView.Replayed.class)))
	@ApiResponse(responseCode = "400", description = "No criterion (but for a preview), a bad status, date or scope,"
			+ " from not before to, a blank or over-long handler or errorClass (outcome invalid_request)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "401", description = "Missing or invalid bearer token (outcome unauthorized)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The inbox's database cannot be reached; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@interface BulkReplayResponses {

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@ApiResponse(responseCode = "200", description = "The registered handlers with their calls on record",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = HandlerView.Handlers.class)))
	@ApiResponse(responseCode = "401", description = "Missing or invalid bearer token (outcome unauthorized)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The inbox's database cannot be reached; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@interface HandlersResponses {

	}

}
