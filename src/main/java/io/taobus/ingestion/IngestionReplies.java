package io.taobus.ingestion;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Turns what became of a request into its response and tells the {@link IngestionListener}s. An
 * acknowledgement goes straight to the bytes of the response ({@link Acknowledgement#toJson()}), with
 * no codec lookup or content negotiation on the path every accepted delivery takes; a refusal becomes
 * RFC 9457 problem details ({@link ProblemResponses}).
 */
public final class IngestionReplies {

	private final List<IngestionListener> listeners;

	IngestionReplies(List<IngestionListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	/** Answers the ingestion's result or refusal, then tells the listeners. */
	public Mono<ServerResponse> finish(Mono<Ingestion.Result> ingestion, String source, long start) {
		return answer(ingestion.map(this::reply), source, start);
	}

	/**
	 * Answers the reply an endpoint made of what became of its request, or its refusal, then tells the
	 * listeners: for an endpoint whose answer is more than an acknowledgement (a response).
	 */
	public Mono<ServerResponse> answer(Mono<Reply> replied, String source, long start) {
		return replied
			.onErrorResume(IngestionException.class, (ex) -> Mono.just(new Reply(ProblemResponses.of(ex), ex.outcome())))
			.flatMap((reply) -> {
				long nanos = System.nanoTime() - start;
				for (IngestionListener listener : this.listeners) {
					listener.ingested(source, reply.outcome(), nanos);
				}
				return reply.response();
			});
	}

	Reply reply(Ingestion.Result result) {
		return switch (result) {
			case Ingestion.Result.Accepted accepted ->
				new Reply(json(HttpStatus.ACCEPTED, accepted.acknowledgement()), IngestionOutcome.ACCEPTED);
			case Ingestion.Result.Duplicate duplicate ->
				new Reply(json(HttpStatus.OK, duplicate.acknowledgement()), IngestionOutcome.DUPLICATE);
			case Ingestion.Result.Challenge challenge -> new Reply(
					ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(String.valueOf(challenge.challenge())),
					IngestionOutcome.ACCEPTED);
			case Ingestion.Result.Answered answered -> new Reply(answered.response(), IngestionOutcome.ACCEPTED);
		};
	}

	private static Mono<ServerResponse> json(HttpStatus status, Acknowledgement acknowledgement) {
		byte[] bytes = acknowledgement.toJson();
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.contentLength(bytes.length)
			.body((response, context) -> response.writeWith(Mono.just(response.bufferFactory().wrap(bytes))));
	}

	/**
	 * A response and the outcome it stands for.
	 * @param response the response
	 * @param outcome what became of the delivery, for the listeners
	 */
	public record Reply(Mono<ServerResponse> response, IngestionOutcome outcome) {
	}

}
