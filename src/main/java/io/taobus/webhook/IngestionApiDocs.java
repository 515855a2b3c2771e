package io.taobus.webhook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ProblemDetail;

/**
 * The OpenAPI description of the status contract both ingestion endpoints share, kept out of the
 * endpoints so that they stay readable.
 */
final class IngestionApiDocs {

	static final String GITHUB_PUSH = """
			{"ref": "refs/heads/main", "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
			 "repository": {"full_name": "acme/app"}, "pusher": {"name": "octocat"}}""";

	static final String STRIPE_EVENT = """
			{"id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "type": "payment_intent.succeeded",
			 "data": {"object": {"id": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "amount": 2000, "currency": "usd"}}}""";

	static final String GENERIC_APPCON = """
			{"term": "App", "action": "Enter", "orient": "Portal",
			 "data": {"term": {"user": "alice"}, "action": null, "orient": null}}""";

	static final String ACCEPTED = """
			{"id": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "source": "github", "term": "push",
			 "action": "received", "orient": "github"}""";

	static final String DUPLICATE = """
			{"id": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "source": "github", "term": "push",
			 "action": "received", "orient": "github", "duplicate": true}""";

	private IngestionApiDocs() {
	}

	/** The responses every ingestion endpoint may give. */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@ApiResponse(responseCode = "202", description = "Verified and stored (its row committed), then dispatched onto the bus;"
			+ " a resend of a failed delivery runs it again",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Acknowledgement.class),
					examples = @ExampleObject(name = "accepted", value = ACCEPTED)))
	@ApiResponse(responseCode = "200", description = "A repeated delivery: the first one's acknowledgement, handlers not run again"
			+ " (or, for Slack url_verification, the challenge as text/plain)",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Acknowledgement.class),
					examples = @ExampleObject(name = "duplicate", value = DUPLICATE)))
	@ApiResponse(responseCode = "400", description = "Malformed body, or no trigram can be derived from it", content = @Content(
			mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "401", description = "Missing or invalid signature or token, or a timestamp outside the tolerance",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "No source is configured under this name", content = @Content(
			mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "405", description = "Only POST is allowed", content = @Content(
			mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "413", description = "Body above taobus.webhooks.max-body-size", content = @Content(
			mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "415", description = "Content type other than JSON, application/*+json or form-urlencoded",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "429", description = "The bus is saturated; retry after Retry-After seconds", content = @Content(
			mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The delivery could not be stored (the inbox's database is unreachable or"
			+ " its writer full) or taobus is shutting down: nothing was acknowledged; retry after Retry-After seconds", content = @Content(
			mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@interface IngestionResponses {

	}

}
