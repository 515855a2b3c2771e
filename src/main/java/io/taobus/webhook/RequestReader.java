package io.taobus.webhook;

import java.util.List;
import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * What both ingestion endpoints share: the content-type check, reading the raw body within the size
 * limit (refusing early on a declared {@code Content-Length}, and while streaming otherwise), the
 * responses of each result, and telling listeners the outcome.
 */
final class RequestReader {

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private final int maxBodySize;

	private final List<IngestionListener> listeners;

	RequestReader(int maxBodySize, List<IngestionListener> listeners) {
		this.maxBodySize = maxBodySize;
		this.listeners = List.copyOf(listeners);
	}

	MediaType contentType(ServerHttpRequest request) {
		MediaType type;
		try {
			type = request.getHeaders().getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			type = null;
		}
		if (!BodyParser.supports(type)) {
			throw new IngestionException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IngestionOutcome.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must be application/json, application/*+json or application/x-www-form-urlencoded");
		}
		return type;
	}

	Mono<byte[]> body(ServerHttpRequest request) {
		if (request.getHeaders().getContentLength() > this.maxBodySize) {
			return Mono.error(tooLarge());
		}
		return DataBufferUtils.join(request.getBody(), this.maxBodySize).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]).onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge());
	}

	private IngestionException tooLarge() {
		return new IngestionException(HttpStatus.CONTENT_TOO_LARGE, IngestionOutcome.TOO_LARGE,
				"the body is larger than " + this.maxBodySize + " bytes (taobus.webhooks.max-body-size)");
	}

	/**
	 * Runs the ingestion with the request's Reactor context (its observation and trace) restored as
	 * thread locals, so that the kernel captures them for the handler threads. Doing it here, once per
	 * request, spares every operator of every request the cost of automatic context propagation.
	 */
	Mono<Reply> inRequestContext(Supplier<WebhookIngestion.Result> ingestion) {
		return Mono.deferContextual((context) -> {
			try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
				return Mono.just(respond(ingestion.get()));
			}
		});
	}

	Reply respond(WebhookIngestion.Result result) {
		return switch (result) {
			case WebhookIngestion.Result.Accepted accepted ->
				new Reply(ResponseEntity.accepted().body(accepted.acknowledgement()), IngestionOutcome.ACCEPTED);
			case WebhookIngestion.Result.Duplicate duplicate ->
				new Reply(ResponseEntity.ok(duplicate.acknowledgement()), IngestionOutcome.DUPLICATE);
			case WebhookIngestion.Result.Challenge challenge -> new Reply(
					ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge.challenge()),
					IngestionOutcome.ACCEPTED);
		};
	}

	/** Answers a refusal, tells the listeners, and ends the exchange with the response. */
	Mono<ResponseEntity<Object>> finish(Mono<Reply> reply, String source, long start) {
		return reply.onErrorResume(IngestionException.class, (ex) -> Mono.just(new Reply(ProblemResponses.of(ex), ex.outcome())))
			.map((done) -> {
				long nanos = System.nanoTime() - start;
				for (IngestionListener listener : this.listeners) {
					listener.ingested(source, done.outcome(), nanos);
				}
				return done.response();
			});
	}

	/** A response and the outcome it stands for. */
	record Reply(ResponseEntity<Object> response, IngestionOutcome outcome) {
	}

}
