package io.taobus.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import io.taobus.handler.Reply;
import io.taobus.ingestion.Acknowledgement;
import io.taobus.ingestion.Deadlines;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.ProblemResponses;
import io.taobus.ingestion.RecordedResponse;
import io.taobus.ingestion.ResponseEncoder;
import io.taobus.tao.AppCon;
import io.taobus.tao.KernelSaturatedException;
import io.taobus.tao.NoResponseException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Answers a delivery of a source with {@code reply.mode: sync} with its handlers' response: the response
 * AppCon's term data, as JSON, or a {@link Reply}'s body under its own content type (the {@code webhook}
 * {@link ResponseEncoder}, framed as a {@link RecordedResponse}; no term data, an empty 200), within the
 * source's timeout. Without a response in time (late, or the cascade gave none) the provider's plain answer
 * (Slack: an empty 200; others: the 202 acknowledgement), and a response that comes later is posted to the
 * sender's follow-up URL when it offered one of the source's origins ({@link FollowUps}). A handler that
 * fails before it responds is a 500 that names its class, so that the sender's dashboard shows it. A
 * source with {@code reply.mode: inline} is answered once its inline handlers returned
 * ({@link #afterInline}).
 */
final class SyncReplies implements ResponseEncoder {

	/** The kind of the deliveries of synchronous sources ({@code DeliveryDispatcher.REPLY_HEADER}). */
	static final String KIND = "webhook";

	private final JsonMapper mapper;

	private final FollowUps followUps;

	SyncReplies(JsonMapper mapper, FollowUps followUps) {
		this.mapper = mapper;
		this.followUps = followUps;
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public byte[] encode(AppCon response) {
		return switch (response.termData()) {
			case null -> new byte[0];
			case Reply reply -> RecordedResponse.framed(reply.contentType(), reply.body().getBytes(StandardCharsets.UTF_8));
			case Object data -> this.mapper.writeValueAsBytes(data);
		};
	}

	/** The answer of a stored delivery whose response is running. */
	Mono<ServerResponse> answer(WebhookSource source, SyncReply reply, Acknowledgement acknowledgement,
			CompletionStage<byte[]> response, @Nullable String followUpUrl) {
		return Deadlines.within(response, reply.timeout())
			.flatMap(SyncReplies::ok)
			.onErrorResume((error) -> {
				Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
				if (cause instanceof TimeoutException) {
					followUp(source, reply, response, followUpUrl);
					return withoutResponse(source, acknowledgement);
				}
				if (cause instanceof NoResponseException || cause instanceof KernelSaturatedException) {
					return withoutResponse(source, acknowledgement);
				}
				return failed(cause);
			});
	}

	/**
	 * The answer of a delivery of a source with {@code reply.mode: inline}: once its inline handlers
	 * returned within the source's timeout (the stage fails past it: the dispatcher decides, so that the
	 * outcome knows what the sender was told), 202, or a 500 naming the class of the first that failed (the
	 * delivery is {@code failed} and left to the sender's own retry, which runs it again as a resend; taobus
	 * does not retry it as well); past the timeout, or refused by a full bus after it was stored, 202 as
	 * today (a failure then is retried by taobus). A repeat is the usual 200 duplicate.
	 */
	static Mono<ServerResponse> afterInline(Ingestion.Staged staged) {
		Acknowledgement acknowledgement = staged.acknowledgement();
		if (staged.inline() == null) {
			return acknowledge(HttpStatus.OK, acknowledgement);
		}
		return Mono.fromFuture(staged.inline().toCompletableFuture(), true)
			.flatMap((result) -> (result.failure() != null) ? failed(result.failure())
					: acknowledge(HttpStatus.ACCEPTED, acknowledgement))
			.onErrorResume((error) -> acknowledge(HttpStatus.ACCEPTED, acknowledgement));
	}

	private static Mono<ServerResponse> acknowledge(HttpStatus status, Acknowledgement acknowledgement) {
		byte[] bytes = acknowledgement.toJson();
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).contentLength(bytes.length)
			.bodyValue(bytes);
	}

	private static Mono<ServerResponse> failed(Throwable failure) {
		return ServerResponse.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "handler_failed",
					"a handler of the delivery failed: " + failure.getClass().getName()));
	}

	/** The answer of a delivery that has no response (now): the provider's plain one. */
	static Mono<ServerResponse> withoutResponse(WebhookSource source, Acknowledgement acknowledgement) {
		if (source.provider().emptyOkWithoutResponse()) {
			return ServerResponse.ok().build();
		}
		return acknowledge(HttpStatus.ACCEPTED, acknowledgement);
	}

	private static Mono<ServerResponse> ok(byte[] bytes) {
		RecordedResponse response = RecordedResponse.read(bytes);
		if (response.empty()) {
			return ServerResponse.ok().build();
		}
		MediaType type = (response.contentType() != null) ? MediaType.parseMediaType(response.contentType())
				: MediaType.APPLICATION_JSON;
		return ServerResponse.ok().contentType(type).contentLength(response.body().length).bodyValue(response.body());
	}

	/** Posts the late response, when it comes, to the sender's URL if it is one of the source's origins. */
	private void followUp(WebhookSource source, SyncReply reply, CompletionStage<byte[]> response,
			@Nullable String followUpUrl) {
		URI url = url(followUpUrl);
		if (url == null || !reply.mayFollowUp(url)) {
			return;
		}
		response.thenAccept((bytes) -> {
			RecordedResponse late = RecordedResponse.read(bytes);
			if (!late.empty()) {
				this.followUps.post(source.name(), url, late);
			}
		});
	}

	private static @Nullable URI url(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			return URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
