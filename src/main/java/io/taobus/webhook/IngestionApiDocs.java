package io.taobus.webhook;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpStatus;

import static io.taobus.webhook.ApiExamples.problem;

/**
 * The responses of the two ingestion endpoints in the OpenAPI document, every status with the body
 * it really has ({@link ApiExamples}): acknowledgements, and {@code urn:taobus:problem:*} documents
 * with their {@code outcome} instead of springdoc's generic {@code ProblemDetail}; and the headers a
 * webhook delivery may carry ({@link WebhookHeaderDocs}), so that "Try it out" can send a signed one.
 */
final class IngestionApiDocs implements OpenApiCustomizer {

	private final long maxBodySize;

	IngestionApiDocs(long maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents()
			.addSchemas(ProblemSchemas.PROBLEM, ProblemSchemas.problem())
			.addSchemas(ProblemSchemas.ACKNOWLEDGEMENT, ProblemSchemas.acknowledgement());
		Operation webhooks = post(openApi, IngestionRoutes.WEBHOOKS);
		if (webhooks != null) {
			webhooks.responses(webhookResponses());
			WebhookHeaderDocs.parameters().forEach(webhooks::addParametersItem);
		}
		Operation appCons = post(openApi, IngestionRoutes.APPCONS);
		if (appCons != null) {
			appCons.responses(appConResponses());
			appCons.addParametersItem(WebhookHeaderDocs.idempotencyKey());
		}
	}

	private static Operation post(OpenAPI openApi, String path) {
		PathItem item = (openApi.getPaths() != null) ? openApi.getPaths().get(path) : null;
		return (item != null) ? item.getPost() : null;
	}

	ApiResponses webhookResponses() {
		Map<String, Object> duplicate = ApiExamples.githubAccepted();
		duplicate.put("duplicate", true);
		ApiResponse repeated = acknowledgement("A repeated delivery: the first one's acknowledgement with duplicate: true;"
				+ " handlers do not run again. Slack's url_verification gets its challenge as text/plain", "duplicate", duplicate);
		repeated.getContent().addMediaType("text/plain", new MediaType().schema(new StringSchema())
			.addExamples("Slack url_verification", new Example().value(ApiExamples.SLACK_CHALLENGE)));
		return common(new ApiResponses()
			.addApiResponse("202", acknowledgement("Verified, accepted and dispatched onto the bus", "GitHub push",
					ApiExamples.githubAccepted()))
			.addApiResponse("200", repeated)
			.addApiResponse("400", problems("Malformed body, or no trigram can be derived from it", Map.of(
					"no trigram", problem(HttpStatus.BAD_REQUEST, IngestionOutcome.MALFORMED,
							"cannot derive the term of the delivery from 'header:X-GitHub-Event' (taobus.webhooks.sources.github.term)"),
					"empty body", problem(HttpStatus.BAD_REQUEST, IngestionOutcome.MALFORMED, "the body is empty"))))
			.addApiResponse("401", problems("Missing or invalid signature, or a timestamp outside the tolerance", Map.of(
					"missing signature", problem(HttpStatus.UNAUTHORIZED, IngestionOutcome.INVALID_SIGNATURE,
							"missing X-Hub-Signature-256 header"),
					"stale timestamp", problem(HttpStatus.UNAUTHORIZED, IngestionOutcome.STALE_TIMESTAMP,
							"webhook-timestamp is 3600s away from now, outside the tolerance of 300s"))))
			.addApiResponse("404", problems("No source is configured under this name", Map.of("unknown source",
					problem(HttpStatus.NOT_FOUND, IngestionOutcome.UNKNOWN_SOURCE, "no webhook source is configured under this name"))))
			.addApiResponse("415", problems("Content type other than JSON, application/*+json or form-urlencoded",
					Map.of("unsupported media type", problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IngestionOutcome.UNSUPPORTED_MEDIA_TYPE,
							"Content-Type must be application/json, application/*+json or application/x-www-form-urlencoded")))));
	}

	ApiResponses appConResponses() {
		return common(new ApiResponses()
			.addApiResponse("202", acknowledgement("Stored (its row committed), then dispatched onto the bus", "generic AppCon",
					ApiExamples.appConAccepted()))
			.addApiResponse("200", acknowledgement("A retry with the same Idempotency-Key: the first acknowledgement with"
					+ " duplicate: true; handlers do not run again", "Idempotency-Key: " + ApiExamples.IDEMPOTENCY_KEY,
					ApiExamples.appConDuplicate()))
			.addApiResponse("400", problems("Not a JSON object with a concrete term, action and orient", Map.of("no term",
					problem(HttpStatus.BAD_REQUEST, IngestionOutcome.MALFORMED, "term is required and may not be a wildcard"))))
			.addApiResponse("401", problems("Missing or invalid bearer token", Map.of("no token", problem(HttpStatus.UNAUTHORIZED,
					IngestionOutcome.UNAUTHORIZED, "a valid Authorization: Bearer token with the write scope is required")))
				.addHeaderObject("WWW-Authenticate", header("Bearer realm=\"taobus\"")))
			.addApiResponse("415", problems("Content type other than JSON", Map.of("unsupported media type", problem(
					HttpStatus.UNSUPPORTED_MEDIA_TYPE, IngestionOutcome.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json")))));
	}

	/** Adds the statuses both endpoints answer alike, and orders them by status. */
	private ApiResponses common(ApiResponses responses) {
		responses
			.addApiResponse("405", problems("Any method but POST", Map.of("method not allowed",
					ApiExamples.problem(ProblemResponses.methodNotAllowedProblem())))
				.addHeaderObject("Allow", header("POST")))
			.addApiResponse("413", problems("Body above taobus.webhooks.max-body-size", Map.of("too large", problem(
					HttpStatus.CONTENT_TOO_LARGE, IngestionOutcome.TOO_LARGE,
					"the body is larger than " + this.maxBodySize + " bytes (taobus.webhooks.max-body-size)"))))
			.addApiResponse("429", problems("The bus is saturated; retry after Retry-After seconds", Map.of("saturated", problem(
					HttpStatus.TOO_MANY_REQUESTS, IngestionOutcome.THROTTLED, "taobus is saturated; retry later")))
				.addHeaderObject("Retry-After", header("1")))
			.addApiResponse("503", problems("The delivery could not be stored (the inbox's database is unreachable or its"
					+ " writer full) or taobus is shutting down: nothing was acknowledged; retry after Retry-After seconds", Map.of(
					"shutting down", problem(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.THROTTLED, "taobus is shutting down; retry later"),
					"not stored", problem(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.UNAVAILABLE,
							"the delivery could not be stored; nothing was acknowledged, retry later")))
				.addHeaderObject("Retry-After", header("1")));
		ApiResponses sorted = new ApiResponses();
		responses.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((e) -> sorted.addApiResponse(e.getKey(), e.getValue()));
		return sorted;
	}

	private static ApiResponse acknowledgement(String description, String name, Map<String, Object> example) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/json", new MediaType()
				.schema(new Schema<>().$ref(ProblemSchemas.ref(ProblemSchemas.ACKNOWLEDGEMENT)))
				.addExamples(name, new Example().value(example))));
	}

	private static ApiResponse problems(String description, Map<String, Map<String, Object>> examples) {
		MediaType problem = new MediaType().schema(new Schema<>().$ref(ProblemSchemas.ref(ProblemSchemas.PROBLEM)));
		examples.entrySet().stream().sorted(Map.Entry.comparingByKey())
			.forEach((example) -> problem.addExamples(example.getKey(), new Example().value(example.getValue())));
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json", problem));
	}

	private static Header header(String example) {
		return new Header().schema(new StringSchema()).example(example);
	}

}
