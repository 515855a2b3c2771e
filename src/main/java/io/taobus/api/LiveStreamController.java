package io.taobus.api;

import java.net.URI;
import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /tao/stream}: Server-Sent Events of the AppCons passing through the bus, filtered by an
 * optional trigram pattern ({@code ?term=&action=&orient=}, omitted axes wild), or only what the requests
 * of one channel chain ({@code ?channel=}, {@link ChannelStreams}), behind a bearer token
 * of the {@code read} scope (the stream shows every payload); its 401 is the same problem document,
 * {@code outcome} included, as the AppCon API's.
 */
@RestController
class LiveStreamController {

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private static final String UNAUTHORIZED_DETAIL = "a valid Authorization: Bearer token with the read scope is required";

	static final String UNAUTHORIZED_EXAMPLE = "{\"type\": \"urn:taobus:problem:unauthorized\", \"title\": \"Unauthorized\","
			+ " \"status\": 401, \"detail\": \"" + UNAUTHORIZED_DETAIL + "\", \"instance\": \"/tao/stream\","
			+ " \"outcome\": \"unauthorized\"}";

	/** A heartbeat and one event; the data is keyed by the trigram's names, as handlers see it. */
	static final String STREAM_EXAMPLE = """
			:heartbeat

			event:appcon
			data:{"term":"push","action":"received","orient":"github","data":{"push":{"ref":"refs/heads/main"},\
			"github":{"source":"github","deliveryId":"72d3162e-cc78-11e3-81ab-4c9367dc0958",\
			"receivedAt":"2026-01-05T10:15:30Z","headers":{"x-github-event":"push"},"attempt":1,"replay":false}},\
			"at":"2026-01-05T10:15:30.004Z"}
			""";

	private final LiveStream stream;

	private final ChannelStreams channels;

	private final ApiTokens tokens;

	LiveStreamController(LiveStream stream, ChannelStreams channels, ApiTokens tokens) {
		this.stream = stream;
		this.channels = channels;
		this.tokens = tokens;
	}

	@GetMapping(path = "/tao/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Watch the AppCons passing through the bus", operationId = "stream", tags = "Live stream",
			security = @SecurityRequirement(name = "bearer"),
			description = "An endless text/event-stream: one appcon event per AppCon matching the optional pattern (omitted"
					+ " axes are wild), and a heartbeat comment every 15 s. Swagger UI cannot show an endless response:"
					+ " watch it with `curl -N -H 'Authorization: Bearer <token>' <host>/tao/stream?term=push`")
	@ApiResponse(responseCode = "200", description = "The stream, until the client disconnects or lags too far behind",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
					examples = @ExampleObject(name = "an AppCon", value = STREAM_EXAMPLE)))
	@ApiResponse(responseCode = "401", description = "Missing or invalid bearer token",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/Problem"),
					examples = @ExampleObject(name = "no token", value = UNAUTHORIZED_EXAMPLE)))
	Flux<ServerSentEvent<LiveStream.Event>> stream(
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestParam(required = false) @Nullable String term, @RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable String orient,
			@Parameter(description = "only what the requests sent with a Taobus-Channel header of this id chain (on this node)")
			@RequestParam(required = false) @Nullable String channel) {
		if (!this.tokens.accepts(ApiTokens.Scope.READ, authorization)) {
			throw new Unauthorized(this.tokens.detail(ApiTokens.Scope.READ));
		}
		Trigram pattern = Trigram.of(term, action, orient);
		if (channel != null && !ChannelStreams.valid(channel)) {
			throw new BadChannel(ChannelStreams.RULE);
		}
		Flux<LiveStream.Event> matching = (channel != null) ? this.channels.subscribe(channel, pattern)
				: this.stream.subscribe(pattern);
		Flux<ServerSentEvent<LiveStream.Event>> events = matching
			.map((event) -> ServerSentEvent.builder(event).event("appcon").build());
		// a comment at once commits the response, and one every 15 s keeps proxies from closing it
		Flux<ServerSentEvent<LiveStream.Event>> heartbeats = Flux.interval(Duration.ZERO, HEARTBEAT)
			.map((tick) -> ServerSentEvent.<LiveStream.Event>builder().comment("heartbeat").build());
		return Flux.merge(events, heartbeats);
	}

	/**
	 * The same problem document as the AppCon API's 401, {@code outcome} included, as
	 * {@code application/problem+json} whatever the client accepts (an SSE client sends
	 * {@code Accept: text/event-stream}).
	 */
	@ExceptionHandler(Unauthorized.class)
	ResponseEntity<ProblemDetail> unauthorized(Unauthorized ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
		problem.setType(URI.create("urn:taobus:problem:unauthorized"));
		problem.setProperty("outcome", "unauthorized");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(HttpHeaders.WWW_AUTHENTICATE, ApiTokens.CHALLENGE)
			.body(problem);
	}

	/** A 400 problem document for a channel id that cannot be one. */
	@ExceptionHandler(BadChannel.class)
	ResponseEntity<ProblemDetail> badChannel(BadChannel ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setType(URI.create("urn:taobus:problem:invalid-request"));
		problem.setProperty("outcome", "invalid_request");
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** A channel id that cannot be one; the message is the problem's detail. */
	static final class BadChannel extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BadChannel(String detail) {
			super(detail, null, false, false);
		}

	}

	/** A request without a token of the read scope; the message is the problem's detail. */
	static final class Unauthorized extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Unauthorized(String detail) {
			super(detail, null, false, false);
		}

	}

}
