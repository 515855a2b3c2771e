package io.taobus.observability;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.taobus.tao.Trigram;
import io.taobus.api.ApiTokens;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /tao/stream}: Server-Sent Events of the AppCons passing through the bus, filtered by an
 * optional trigram pattern ({@code ?term=&action=&orient=}, omitted axes wild), behind the same
 * a bearer token of the {@code read} scope: the stream shows every payload.
 */
@RestController
class LiveStreamController {

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final LiveStream stream;

	private final ApiTokens tokens;

	LiveStreamController(LiveStream stream, ApiTokens tokens) {
		this.stream = stream;
		this.tokens = tokens;
	}

	@GetMapping(path = "/tao/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Watch the AppCons passing through the bus", security = @SecurityRequirement(name = "bearer"))
	Flux<ServerSentEvent<LiveStream.Event>> stream(
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestParam(required = false) @Nullable String term, @RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable String orient) {
		this.tokens.check(ApiTokens.Scope.READ, authorization);
		Flux<ServerSentEvent<LiveStream.Event>> events = this.stream.subscribe(Trigram.of(term, action, orient))
			.map((event) -> ServerSentEvent.builder(event).event("appcon").build());
		// a comment at once commits the response, and one every 15 s keeps proxies from closing it
		Flux<ServerSentEvent<LiveStream.Event>> heartbeats = Flux.interval(Duration.ZERO, HEARTBEAT)
			.map((tick) -> ServerSentEvent.<LiveStream.Event>builder().comment("heartbeat").build());
		return Flux.merge(events, heartbeats);
	}

}
