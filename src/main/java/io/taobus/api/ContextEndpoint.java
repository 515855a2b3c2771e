package io.taobus.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.Inbox;
import io.taobus.ingestion.Acknowledgement;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.Deadlines;
import io.taobus.ingestion.DeliveryContext;
import io.taobus.ingestion.DeliveryDispatcher;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.ingestion.IngestionReplies;
import io.taobus.ingestion.ProblemResponses;
import io.taobus.ingestion.RequestReader;
import io.taobus.ingestion.UnencodableResponseException;
import io.taobus.tao.KernelSaturatedException;
import io.taobus.tao.NoResponseException;
import io.taobus.tao.Trigram;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriUtils;

/**
 * {@code POST /tao/context}: request and response over the TAO, as tao.js's koa middleware serves it.
 * The body is a {@code /tao/appcons} body; the request is stored in the inbox like any AppCon
 * (source {@code api}, its {@code Idempotency-Key} the delivery id), then entered through a
 * {@link io.taobus.tao.Transponder}, and answered 200 with the JSON of its response: the AppCon a
 * response handler returns, or the first its cascade chains ({@link io.taobus.tao.Responses}).
 *
 * <p>The response is recorded with the delivery, so that a repeated request (same
 * {@code Idempotency-Key}) is answered the recorded response (with {@code Idempotent-Replayed: true}),
 * waits for it while the first runs on this node, or gets a 202 with the delivery's id while it runs on
 * another; the delivery's lookup shows it too. Past the caller's wait ({@link ResponsePreference}) a 504,
 * or a 202 with the delivery's id for a caller that prefers {@code respond-async}; the cascade goes on and
 * its response is recorded. A cascade that ends without a response, or with a handler's error, is a 500
 * that names which. Refusals (401, 400, 413, 415, 429, 503) are the AppCon API's.
 */
final class ContextEndpoint {

	/** The path of the endpoint. */
	static final String PATH = "/tao/context";

	/** The stored header of its deliveries ({@link DeliveryDispatcher#REPLY_HEADER}). */
	static final Map<String, String> REQUEST_HEADERS = Map.of(DeliveryDispatcher.REPLY_HEADER, ResponseJson.KIND);

	static final String REPLAYED = "Idempotent-Replayed";

	private final Ingestion ingestion;

	private final RequestReader reader;

	private final IngestionReplies replies;

	private final BodyParser parser;

	private final ApiTokens tokens;

	private final DeliveryContext deliveryContext;

	private final Clock clock;

	private final Inbox inbox;

	private final ApiProperties properties;

	private final ChannelStreams channels;

	private final StoreCalls storeCalls;

	/** The responses of this node's requests still running, by delivery id: a repeat waits for its first. */
	private final Map<String, CompletionStage<byte[]>> running = new ConcurrentHashMap<>();

	ContextEndpoint(Ingestion ingestion, RequestReader reader, IngestionReplies replies, BodyParser parser,
			ApiTokens tokens, DeliveryContext deliveryContext, Clock clock, Inbox inbox, ApiProperties properties,
			ChannelStreams channels, StoreCalls storeCalls) {
		this.ingestion = ingestion;
		this.reader = reader;
		this.replies = replies;
		this.parser = parser;
		this.tokens = tokens;
		this.deliveryContext = deliveryContext;
		this.clock = clock;
		this.inbox = inbox;
		this.properties = properties;
		this.channels = channels;
		this.storeCalls = storeCalls;
	}

	@Operation(summary = "Set an AppCon and answer with its response", operationId = "context",
			tags = OpenApiConfiguration.APPCON_API, security = @SecurityRequirement(name = OpenApiConfiguration.BEARER),
			description = "Stores the AppCon like POST /tao/appcons, runs it, and answers the AppCon that responds to it:"
					+ " the one a response handler returns, or the first its cascade chains. Prefer: wait=N sets how long to"
					+ " wait (taobus.api.response-timeout by default, at most taobus.api.max-response-timeout); Prefer:"
					+ " respond-async answers a late response 202 with the delivery's id instead of 504.")
	@RequestBody(required = true, content = @Content(mediaType = "application/json",
			schema = @Schema(implementation = AppConEndpoint.AppConRequest.class),
			examples = @ExampleObject(name = "a request", value = ContextExamples.REQUEST)))
	Mono<ServerResponse> request(@Parameter(hidden = true) ServerRequest serverRequest) {
		long start = System.nanoTime();
		ServerHttpRequest request = serverRequest.exchange().getRequest();
		return this.replies.answer(Mono.deferContextual((context) -> {
			ApiAppCons.checkWriteJson(this.tokens, this.reader, request);
			ResponsePreference preference = ResponsePreference.of(request.getHeaders().getOrEmpty("Prefer"),
					this.properties);
			return this.reader.body(request).flatMap((body) -> run(request, body, start, preference,
					this.deliveryContext.of(AppConEndpoint.SOURCE, true, request.getHeaders(), context)));
		}), AppConEndpoint.SOURCE, start);
	}

	private Mono<IngestionReplies.Reply> run(ServerHttpRequest request, byte[] body, long start,
			ResponsePreference preference, UnaryOperator<Runnable> context) {
		Map<?, ?> json = ApiAppCons.json(this.parser, body);
		Trigram trigram = ApiAppCons.trigram(json);
		Map<?, ?> data = ApiAppCons.data(json);
		String id = ApiAppCons.deliveryId(request);
		DeliveryMetadata metadata = new DeliveryMetadata(AppConEndpoint.SOURCE, id, this.clock.instant(),
				REQUEST_HEADERS);
		return this.ingestion.request(trigram, MediaType.APPLICATION_JSON, body, metadata,
				(run) -> ApiAppCons.appCon(trigram, data, run), start, context,
				this.channels.channel(request.getHeaders().getFirst(ChannelStreams.HEADER))).map((stored) -> switch (stored) {
					case Ingestion.Request.Running running -> {
						track(id, running.response());
						yield new IngestionReplies.Reply(answer(running.acknowledgement(), running.response(), preference,
								false), IngestionOutcome.ACCEPTED);
					}
					case Ingestion.Request.Repeated repeated ->
						new IngestionReplies.Reply(repeat(repeated, preference), IngestionOutcome.DUPLICATE);
				});
	}

	/** Keeps a running request's response for its repeats until it settles. */
	private void track(String id, CompletionStage<byte[]> response) {
		this.running.put(id, response);
		response.whenComplete((bytes, error) -> this.running.remove(id, response));
	}

	/**
	 * A repeated request: the response running on this node, else the one recorded with the first, else a
	 * 202 while the first still runs elsewhere, else (it completed without one) the 500 it was answered.
	 */
	private Mono<ServerResponse> repeat(Ingestion.Request.Repeated repeated, ResponsePreference preference) {
		Acknowledgement acknowledgement = repeated.acknowledgement();
		CompletionStage<byte[]> local = this.running.get(acknowledgement.id());
		if (local != null) {
			return answer(acknowledgement, local, preference, true);
		}
		return this.storeCalls
			.call(() -> this.inbox.find(AppConEndpoint.SOURCE, acknowledgement.id(), true))
			.flatMap((found) -> {
				DeliveryRecord first = found.orElse(repeated.first());
				if (first.response() != null) {
					return ok(first.response(), true);
				}
				if (first.status() == DeliveryStatus.PENDING) {
					return accepted(acknowledgement, HttpStatus.ACCEPTED, false);
				}
				// a repeat finds its first pending or completed (a failed or dead one runs again instead)
				return problem(HttpStatus.INTERNAL_SERVER_ERROR, "no_response", "the request's cascade ended without a"
						+ " response: no handler chained an AppCon or returned one as a response");
			});
	}

	/** The answer of a running request's response, within the caller's wait. */
	private Mono<ServerResponse> answer(Acknowledgement acknowledgement, CompletionStage<byte[]> response,
			ResponsePreference preference, boolean replayed) {
		return Deadlines.within(response, preference.timeout())
			.flatMap((bytes) -> ok(bytes, replayed))
			.onErrorResume((error) -> failed(acknowledgement, unwrap(error), preference));
	}

	private Mono<ServerResponse> failed(Acknowledgement acknowledgement, Throwable error, ResponsePreference preference) {
		return switch (error) {
			case TimeoutException late when preference.respondAsync() -> accepted(acknowledgement, HttpStatus.ACCEPTED, true);
			case TimeoutException late -> problem(HttpStatus.GATEWAY_TIMEOUT, "response_timeout", "no response within "
					+ preference.timeout().toMillis() + " ms; the request is stored and runs on: look it up at "
					+ location(acknowledgement) + ", or send Prefer: respond-async to be answered 202");
			// stored, then refused by a bus that filled up meanwhile: recovery runs it and records its response
			case KernelSaturatedException refused -> accepted(acknowledgement, HttpStatus.ACCEPTED, false);
			case UnencodableResponseException unencodable -> problem(HttpStatus.INTERNAL_SERVER_ERROR,
					"response_unencodable", unencodable.getMessage());
			case NoResponseException none -> problem(HttpStatus.INTERNAL_SERVER_ERROR, "no_response",
					"the request's cascade ended without a response: no handler chained an AppCon or returned one as a response");
			default -> problem(HttpStatus.INTERNAL_SERVER_ERROR, "handler_failed",
					"a handler of the request's cascade failed before it responded: " + error.getClass().getName());
		};
	}

	private static Mono<ServerResponse> ok(byte[] response, boolean replayed) {
		ServerResponse.BodyBuilder ok = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
			.contentLength(response.length);
		if (replayed) {
			ok.header(REPLAYED, "true");
		}
		return ok.bodyValue(response);
	}

	private static Mono<ServerResponse> accepted(Acknowledgement acknowledgement, HttpStatus status, boolean asked) {
		ServerResponse.BodyBuilder accepted = ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.LOCATION, location(acknowledgement));
		if (asked) {
			accepted.header("Preference-Applied", "respond-async");
		}
		return accepted.bodyValue(acknowledgement.toJson());
	}

	private static Mono<ServerResponse> problem(HttpStatus status, String outcome, String detail) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(ProblemResponses.problem(status, outcome, detail));
	}

	/** Where the delivery, and its response once recorded, can be looked up. */
	static String location(Acknowledgement acknowledgement) {
		return "/tao/deliveries/" + acknowledgement.source() + "/"
				+ UriUtils.encodePathSegment(acknowledgement.id(), StandardCharsets.UTF_8);
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

}
