package io.taobus.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.taobus.ingestion.Acknowledgement;
import io.taobus.ingestion.DeliveryDispatcher;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import io.taobus.webhook.provider.Delivery;
import io.taobus.webhook.provider.DeliveryHeaders;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;

/**
 * The pipeline of a webhook delivery, after its body was read within the size limit: the source's
 * provider verifies it over the raw bytes (401); it is parsed and normalized by the provider (400); a
 * handshake the provider answers itself, such as Slack's {@code url_verification}, is answered at once
 * and never stored; otherwise it is mapped to a trigram and a delivery id (the source's expressions,
 * else its provider's defaults, else the body's SHA-256) and stored before it is acknowledged, by the
 * {@link Ingestion} both endpoints share (202, 200 duplicate, 429, 503). For providers that sign the
 * body alone, the {@link ReplayGuard} answers a body already accepted under another delivery id as a
 * duplicate (per source: {@code replay-protection}).
 */
final class WebhookIngestion {

	private final Sources sources;

	private final Ingestion ingestion;

	private final ReplayGuard replays;

	private final Clock clock;

	private final @Nullable SyncReplies syncReplies;

	WebhookIngestion(Sources sources, Ingestion ingestion, ReplayGuard replays, Clock clock) {
		this(sources, ingestion, replays, clock, null);
	}

	WebhookIngestion(Sources sources, Ingestion ingestion, ReplayGuard replays, Clock clock,
			@Nullable SyncReplies syncReplies) {
		this.sources = sources;
		this.ingestion = ingestion;
		this.replays = replays;
		this.clock = clock;
		this.syncReplies = syncReplies;
	}

	/** The source configured under a name, or {@code null}. */
	@Nullable WebhookSource find(String name) {
		return this.sources.find(name);
	}

	/**
	 * Verifies, parses, maps, stores and dispatches one delivery.
	 * @param context the request's context (observation, trace) for the handler threads, applied only
	 * when a handler matches
	 */
	Mono<Ingestion.Result> ingest(WebhookSource source, Delivery delivery, MediaType contentType, long startNanos,
			UnaryOperator<Runnable> context) {
		source.verifier().verify(delivery, this.clock.instant());
		DeliveryHeaders headers = new DeliveryHeaders(delivery.headers());
		Object body = this.sources.parse(source, delivery.body(), contentType, headers);
		String handshake = source.provider().handshake(body);
		if (handshake != null) {
			return Mono.just(new Ingestion.Result.Challenge(handshake));
		}
		Trigram trigram = Trigram.of(axis(source, "term", source.term(), headers, body),
				axis(source, "action", source.action(), headers, body),
				axis(source, "orient", source.orient(), headers, body));
		// the body's hash only where it is used: as the id of a delivery that carries none, and against replays
		String mappedId = deliveryId(source, headers, body);
		String bodyHash = (mappedId == null || source.replayProtection()) ? "sha256:" + sha256(delivery.body()) : null;
		String deliveryId = (mappedId != null) ? mappedId : bodyHash;
		SyncReply reply = source.reply();
		Map<String, String> eventHeaders = source.eventHeaders(headers);
		if (reply != null && !reply.inline()) {
			eventHeaders = new HashMap<>(eventHeaders);
			eventHeaders.put(DeliveryDispatcher.REPLY_HEADER, SyncReplies.KIND);
		}
		DeliveryMetadata metadata = new DeliveryMetadata(source.name(), deliveryId, delivery.receivedAt(), eventHeaders);
		Mono<Ingestion.Result> stored;
		if (reply == null) {
			stored = Mono.defer(() -> this.ingestion.store(trigram, contentType, delivery.body(), metadata,
					(run) -> new AppCon(trigram, body, null, run), startNanos, context));
		}
		else if (reply.inline()) {
			stored = Mono.defer(() -> this.ingestion.storeAwaitingInline(trigram, contentType, delivery.body(), metadata,
					(run) -> new AppCon(trigram, body, null, run), startNanos, context, reply.timeout())
				.map((staged) -> new Ingestion.Result.Answered(SyncReplies.afterInline(staged))));
		}
		else {
			stored = Mono.defer(() -> replied(source, reply, trigram, contentType, delivery.body(), body, metadata,
					startNanos, context));
		}
		if (bodyHash == null || deliveryId.equals(bodyHash)) {
			return stored;
		}
		// replay defence of body-only signatures: a body already accepted under another delivery id is a
		// replay (the id header is not signed), answered like a duplicate; forgotten if it was not stored
		String first = this.replays.recordIfAbsent(source.name(), bodyHash, deliveryId,
				delivery.receivedAt().toEpochMilli());
		if (first != null && !first.equals(deliveryId)) {
			return Mono.just(new Ingestion.Result.Duplicate(new Acknowledgement(first, source.name(), trigram.term(),
					trigram.action(), trigram.orient(), Boolean.TRUE)));
		}
		return stored.doOnError((ex) -> this.replays.forget(source.name(), bodyHash, deliveryId));
	}

	/**
	 * Stores and runs a delivery of a synchronous source, answered with its response ({@link SyncReplies});
	 * a repeat of it gets the plain answer, its handlers not run again.
	 */
	private Mono<Ingestion.Result> replied(WebhookSource source, SyncReply reply, Trigram trigram, MediaType contentType,
			byte[] raw, Object body, DeliveryMetadata metadata, long startNanos, UnaryOperator<Runnable> context) {
		SyncReplies replies = this.syncReplies;
		if (replies == null) {
			throw new IllegalStateException("source '" + source.name() + "' replies synchronously, but no reply is wired");
		}
		return this.ingestion.request(trigram, contentType, raw, metadata, (run) -> new AppCon(trigram, body, null, run),
				startNanos, context).map((request) -> switch (request) {
					case Ingestion.Request.Running running -> new Ingestion.Result.Answered(replies.answer(source, reply,
							running.acknowledgement(), running.response(), source.provider().followUpUrl(body)));
					case Ingestion.Request.Repeated repeated ->
						new Ingestion.Result.Answered(SyncReplies.withoutResponse(source, repeated.acknowledgement().asDuplicate()));
				});
	}

	private static String axis(WebhookSource source, String axis, ValueExpression expression, DeliveryHeaders headers,
			Object body) {
		String value = expression.resolve(headers, body);
		if (value == null || Trigram.isWild(value)) {
			throw IngestionException.malformed("cannot derive the " + axis + " of the delivery from '" + expression
					+ "' (taobus.webhooks.sources." + source.name() + "." + axis + ")");
		}
		return Ingestion.limited(axis, value);
	}

	/** The delivery id the source's mapping or its provider gives, or {@code null}: the body's hash is then the id. */
	private static @Nullable String deliveryId(WebhookSource source, DeliveryHeaders headers, Object body) {
		if (source.deliveryId() != null) {
			String id = source.deliveryId().resolve(headers, body);
			if (id != null) {
				return Ingestion.limited("delivery id", id);
			}
		}
		return source.provider().deliveryId(headers);
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
