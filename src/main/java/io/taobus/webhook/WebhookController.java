package io.taobus.webhook;

import java.time.Clock;

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
	Mono<ResponseEntity<Object>> receive(@PathVariable String source, ServerHttpRequest request) {
		long start = System.nanoTime();
		String tag = this.ingestion.isSource(source) ? source : "unknown";
		return this.reader.finish(Mono.defer(() -> {
			WebhookSource webhookSource = this.ingestion.source(source);
			MediaType contentType = this.reader.contentType(request);
			return this.reader.body(request).map((body) -> {
				Delivery delivery = new Delivery(source, request.getHeaders(), request.getQueryParams(), body,
						this.clock.instant());
				return this.reader.respond(this.ingestion.ingest(webhookSource, delivery, contentType, start));
			});
		}), tag, start);
	}

}
