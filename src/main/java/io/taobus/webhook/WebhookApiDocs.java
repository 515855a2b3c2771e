package io.taobus.webhook;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.taobus.ingestion.BodyLimit;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.ingestion.ResponseDocs;
import io.taobus.webhook.provider.Providers;
import io.taobus.webhook.provider.WebhookProvider;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpStatus;

import static io.taobus.ingestion.ResponseDocs.problem;
import static io.taobus.ingestion.ResponseDocs.problems;

/**
 * The responses of {@code POST /webhooks/{source}} in the OpenAPI document, every status with the body
 * it really has: acknowledgements, and {@code urn:taobus:problem:*} documents with their
 * {@code outcome} instead of springdoc's generic {@code ProblemDetail}; and the headers a webhook
 * delivery may carry, the signature, timestamp, event and id headers
 * ({@link WebhookProvider#documentedHeaders}) of the providers of the configured sources only, in the
 * providers' order, so that "Try it out" sends a signed delivery once the user pastes a signature
 * computed over the exact body, and offers no input a configured source never reads.
 */
final class WebhookApiDocs implements OpenApiCustomizer {

	private final BodyLimit unconfigured;

	private final Providers providers;

	private final Sources sources;

	/**
	 * @param unconfigured the limit the 413's example shows when no source is configured
	 */
	WebhookApiDocs(BodyLimit unconfigured, Providers providers, Sources sources) {
		this.unconfigured = unconfigured;
		this.providers = providers;
		this.sources = sources;
	}

	@Override
	public void customise(OpenAPI openApi) {
		Operation webhooks = ResponseDocs.post(openApi, Ingestion.WEBHOOKS);
		if (webhooks != null) {
			webhooks.responses(responses());
			for (WebhookProvider provider : this.providers.all().stream().filter(this.sources::anyOf).toList()) {
				provider.documentedHeaders().forEach((header) -> webhooks.addParametersItem(
						ResponseDocs.requestHeader(header.name(), header.description())));
			}
		}
	}

	ApiResponses responses() {
		Map<String, Object> duplicate = WebhookExamples.githubAccepted();
		duplicate.put("duplicate", true);
		ApiResponse repeated = ResponseDocs.acknowledgement("A repeated delivery: the first one's acknowledgement with duplicate: true;"
				+ " handlers do not run again. Slack's url_verification gets its challenge as text/plain", "duplicate", duplicate);
		repeated.getContent().addMediaType("text/plain", new MediaType().schema(new StringSchema())
			.addExamples("Slack url_verification", new Example().value(WebhookExamples.SLACK_CHALLENGE)));
		return ResponseDocs.common(new ApiResponses()
			.addApiResponse("202", ResponseDocs.acknowledgement("Verified, accepted and dispatched onto the bus", "GitHub push",
					WebhookExamples.githubAccepted()))
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
							"Content-Type must be application/json, application/*+json or application/x-www-form-urlencoded")))),
				exampleLimit(), "Body above its source's limit: `taobus.webhooks.sources.<name>.max-body-size`, else"
						+ " `taobus.webhooks.max-body-size`, else its provider's; here " + limits());
	}

	/** The limit of the 413's example: the smallest of the sources' (the first by name among equals). */
	private BodyLimit exampleLimit() {
		return this.sources.byName().stream().map(WebhookSource::bodyLimit).min(Comparator.comparingInt(BodyLimit::bytes))
			.orElse(this.unconfigured);
	}

	private String limits() {
		List<WebhookSource> all = this.sources.byName();
		return all.isEmpty() ? "no source is configured"
				: all.stream().map((source) -> source.name() + " " + source.bodyLimit()).collect(Collectors.joining(", "));
	}

}
