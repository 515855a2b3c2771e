package io.taobus.api;

import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryContext;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionReplies;
import io.taobus.ingestion.RequestReader;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /tao/appcons}: the generic AppCon API for a user's own services, behind
 * {@code Authorization: Bearer} with a token of the {@code write} scope. The body is
 * {@code {"term", "action", "orient", "data": {"term", "action", "orient"}}}; an
 * {@code Idempotency-Key} header makes a retry a duplicate instead of a second dispatch; a
 * {@code Taobus-Channel} header sends what its cascade chains to that channel's live stream
 * ({@link ChannelStreams}). Same status
 * contract as the webhooks. A functional endpoint, like the webhooks'.
 */
final class AppConEndpoint {

	static final String SOURCE = Ingestion.APPCON_SOURCE;

	private final Ingestion ingestion;

	private final RequestReader reader;

	private final IngestionReplies replies;

	private final BodyParser parser;

	private final ApiTokens tokens;

	private final DeliveryContext deliveryContext;

	private final Clock clock;

	private final ChannelStreams channels;

	AppConEndpoint(Ingestion ingestion, RequestReader reader, IngestionReplies replies, BodyParser parser,
			ApiTokens tokens, DeliveryContext deliveryContext, Clock clock, ChannelStreams channels) {
		this.ingestion = ingestion;
		this.reader = reader;
		this.replies = replies;
		this.parser = parser;
		this.tokens = tokens;
		this.deliveryContext = deliveryContext;
		this.clock = clock;
		this.channels = channels;
	}

	@Operation(summary = "Set an AppCon on the bus", operationId = "set", tags = OpenApiConfiguration.APPCON_API,
			security = @SecurityRequirement(name = OpenApiConfiguration.BEARER),
			description = "Dispatches {term, action, orient} with optional data per axis. An Idempotency-Key header makes a"
					+ " retry answer 200 with duplicate: true instead of dispatching again.")
	@RequestBody(required = true, content = @Content(mediaType = "application/json",
			schema = @Schema(implementation = AppConRequest.class),
			examples = @ExampleObject(name = "generic AppCon", value = AppConExamples.GENERIC_APPCON)))
	Mono<ServerResponse> set(@Parameter(hidden = true) ServerRequest serverRequest) {
		long start = System.nanoTime();
		ServerHttpRequest request = serverRequest.exchange().getRequest();
		return this.replies.finish(Mono.deferContextual((context) -> {
			ApiAppCons.checkWriteJson(this.tokens, this.reader, request);
			return this.reader.body(request).flatMap((body) -> accept(request, body, start,
					this.deliveryContext.of(SOURCE, true, request.getHeaders(), context)));
		}), SOURCE, start);
	}

	private Mono<Ingestion.Result> accept(ServerHttpRequest request, byte[] body, long start,
			UnaryOperator<Runnable> context) {
		Map<?, ?> json = ApiAppCons.json(this.parser, body);
		Trigram trigram = ApiAppCons.trigram(json);
		Map<?, ?> data = ApiAppCons.data(json);  // refuses bad data before anything is stored
		String id = ApiAppCons.deliveryId(request);
		DeliveryMetadata metadata = new DeliveryMetadata(SOURCE, id, this.clock.instant(), Map.of());
		return this.ingestion.store(trigram, MediaType.APPLICATION_JSON, body, metadata,
				(run) -> ApiAppCons.appCon(trigram, data, run), start, context,
				this.channels.channel(request.getHeaders().getFirst(ChannelStreams.HEADER)));
	}

	/**
	 * The documented shape of the request body (the endpoint reads the raw bytes itself).
	 * @param term the term
	 * @param action the action
	 * @param orient the orient
	 * @param data optional data per axis
	 */
	record AppConRequest(String term, String action, String orient, @Nullable AxisData data) {
	}

	/**
	 * Data per axis; {@code orient} replaces the delivery metadata when given.
	 * @param term the term data
	 * @param action the action data
	 * @param orient the orient data
	 */
	record AxisData(@Nullable Object term, @Nullable Object action, @Nullable Object orient) {
	}

}
