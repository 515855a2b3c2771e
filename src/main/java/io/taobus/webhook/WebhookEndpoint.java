package io.taobus.webhook;

import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.taobus.ingestion.DeliveryContext;
import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionListener;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.ingestion.IngestionReplies;
import io.taobus.ingestion.RequestReader;
import io.taobus.webhook.provider.Delivery;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /webhooks/{source}}: checks the source (404) and the content type (415), reads the raw
 * body within the source's limit (413, see {@link WebhookSource#bodyLimit()}), then hands it to the
 * {@link WebhookIngestion} pipeline; every refusal becomes problem details and every outcome is told
 * to the {@link IngestionListener}s ({@link IngestionReplies}). A functional endpoint
 * ({@link WebhookRoutes}): the hot path of the service, it skips the per-request argument resolution
 * and content negotiation of an annotated controller.
 */
final class WebhookEndpoint {

	private final WebhookIngestion ingestion;

	private final RequestReader reader;

	private final IngestionReplies replies;

	private final DeliveryContext deliveryContext;

	private final Clock clock;

	WebhookEndpoint(WebhookIngestion ingestion, RequestReader reader, IngestionReplies replies,
			DeliveryContext deliveryContext, Clock clock) {
		this.ingestion = ingestion;
		this.reader = reader;
		this.replies = replies;
		this.deliveryContext = deliveryContext;
		this.clock = clock;
	}

	@Operation(summary = "Receive a webhook delivery", operationId = "receive", tags = "Webhooks",
			description = "Verifies the delivery with its source's scheme over the raw bytes, stores it in the inbox (202 only"
					+ " once its row is committed; its delivery id dedupes across restarts and replicas) and dispatches it as"
					+ " an AppCon: term data is the parsed body, orient data the delivery metadata. The"
					+ " signature headers are optional here because each scheme needs its own: to try a signed delivery,"
					+ " compute the signature over the exact body you send (a source of type none needs none; a source of"
					+ " type hmac-sha256 reads the header its configuration names; cloudevents reads Authorization: Bearer).",
			parameters = @Parameter(name = "source", in = ParameterIn.PATH, required = true,
					description = "a configured source name", schema = @Schema(type = "string")))
	@RequestBody(required = true, content = {
			@Content(mediaType = "application/json", schema = @Schema(type = "object"), examples = {
					@ExampleObject(name = "GitHub push", value = WebhookExamples.GITHUB_PUSH,
							description = "Headers: `X-GitHub-Event: push`, `X-GitHub-Delivery`, `X-Hub-Signature-256: sha256=<hex>`"),
					@ExampleObject(name = "Stripe event", value = WebhookExamples.STRIPE_EVENT,
							description = "Header: `Stripe-Signature: t=<unix>,v1=<hex>`") }),
			@Content(mediaType = "application/x-www-form-urlencoded", schema = @Schema(type = "object")) })
	Mono<ServerResponse> receive(@Parameter(hidden = true) ServerRequest serverRequest) {
		long start = System.nanoTime();
		String source = serverRequest.pathVariable("source");
		ServerHttpRequest request = serverRequest.exchange().getRequest();
		WebhookSource webhookSource = this.ingestion.find(source);
		// metrics tag configured names only: a path segment never becomes a series
		String tag = (webhookSource != null) ? source : "unknown";
		return this.replies.finish(Mono.deferContextual((context) -> {
			if (webhookSource == null) {
				throw new IngestionException(HttpStatus.NOT_FOUND, IngestionOutcome.UNKNOWN_SOURCE,
						"no webhook source is configured under this name");
			}
			MediaType contentType = this.reader.contentType(request);
			return this.reader.body(request, webhookSource.bodyLimit()).flatMap((body) -> {
				Delivery delivery = new Delivery(source, request.getHeaders(), request.getQueryParams(), body,
						this.clock.instant());
				return this.ingestion.ingest(webhookSource, delivery, contentType, start,
						this.deliveryContext.of(source, webhookSource.trustedTraceContext(), request.getHeaders(), context));
			});
		}), tag, start);
	}

}
