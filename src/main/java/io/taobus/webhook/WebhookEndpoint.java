package io.taobus.webhook;

import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/{source}}: checks the source (404) and the content type (415), reads the raw
 * body within {@code taobus.webhooks.max-body-size} (413), then hands it to the
 * {@link WebhookIngestion} pipeline; every refusal becomes problem details and every outcome is told
 * to the {@link IngestionListener}s.
 */
@RestController
class WebhookController {

	private final WebhookIngestion ingestion;

	private final RequestReader reader;

	private final Clock clock;

	WebhookController(WebhookIngestion ingestion, RequestReader reader, Clock clock) {
		this.ingestion = ingestion;
		this.reader = reader;
		this.clock = clock;
	}

	@PostMapping("/webhooks/{source}")
	@Operation(summary = "Receive a webhook delivery",
			description = "Verifies the delivery with its source's scheme over the raw bytes, dedupes it on its delivery id and"
					+ " dispatches it as an AppCon: term data is the parsed body, orient data the delivery metadata.")
	@RequestBody(required = true, content = {
			@Content(mediaType = "application/json", schema = @Schema(type = "object"), examples = {
					@ExampleObject(name = "GitHub push", value = IngestionApiDocs.GITHUB_PUSH,
							description = "Headers: X-GitHub-Event: push, X-GitHub-Delivery, X-Hub-Signature-256: sha256=<hex>"),
					@ExampleObject(name = "Stripe event", value = IngestionApiDocs.STRIPE_EVENT,
							description = "Header: Stripe-Signature: t=<unix>,v1=<hex>") }),
			@Content(mediaType = "application/x-www-form-urlencoded", schema = @Schema(type = "object")) })
	@IngestionApiDocs.IngestionResponses
	Mono<ResponseEntity<Object>> receive(@Parameter(description = "a configured source name") @PathVariable String source,
			@Parameter(hidden = true) ServerHttpRequest request) {
		long start = System.nanoTime();
		String tag = this.ingestion.isSource(source) ? source : "unknown";
		return this.reader.finish(Mono.defer(() -> {
			WebhookSource webhookSource = this.ingestion.source(source);
			MediaType contentType = this.reader.contentType(request);
			return this.reader.body(request).flatMap((body) -> this.reader.inRequestContext(() -> {
				Delivery delivery = new Delivery(source, request.getHeaders(), request.getQueryParams(), body,
						this.clock.instant());
				return this.ingestion.ingest(webhookSource, delivery, contentType, start);
			}));
		}), tag, start);
	}

}
