package io.taobus.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.taobus.inbox.Admission;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxUnavailableException;
import io.taobus.inbox.NewDelivery;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The ingestion pipeline of a webhook delivery, after its body was read within the size limit:
 * verify over the raw bytes, parse, map to a trigram, then store before acknowledging. The
 * {@link Inbox} decides, once its row is committed, whether the delivery is new (202, dispatched from
 * memory by the {@link DeliveryDispatcher}), a resend of a failed one (202, run again) or a copy
 * (200 duplicate); a store that cannot commit is a 503 with nothing acknowledged. No JDBC runs on
 * the caller's thread: the answer is a {@link Mono} of the inbox's commit. For schemes that sign the
 * body only, the {@link ReplayGuard} answers a body already accepted under another delivery id as a
 * duplicate (per source: {@code replay-protection}).
 */
final class WebhookIngestion {

	/** The longest trigram axis or delivery id accepted. */
	static final int MAX_NAME_LENGTH = 256;

	/** The longest dedupe key the inbox stores (a CloudEvent's escaped {@code source#id}). */
	static final int MAX_KEY_LENGTH = 1024;

	private final Sources sources;

	private final Inbox inbox;

	private final DeliveryDispatcher dispatcher;

	private final ReplayGuard replays;

	private final Clock clock;

	WebhookIngestion(Sources sources, Inbox inbox, DeliveryDispatcher dispatcher, ReplayGuard replays, Clock clock) {
		this.sources = sources;
		this.inbox = inbox;
		this.dispatcher = dispatcher;
		this.replays = replays;
		this.clock = clock;
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
	Mono<Result> ingest(WebhookSource source, Delivery delivery, MediaType contentType, long startNanos,
			UnaryOperator<Runnable> context) {
		source.verifier().verify(delivery, this.clock.instant());
		DeliveryHeaders headers = new DeliveryHeaders(delivery.headers());
		Object body = this.sources.parse(source, delivery.body(), contentType, headers);
		if (source.type() == SourceType.SLACK && body instanceof Map<?, ?> map
				&& "url_verification".equals(map.get("type")) && map.get("challenge") instanceof String challenge) {
			return Mono.just(new Result.Challenge(challenge));
		}
		Trigram trigram = Trigram.of(axis(source, "term", source.term(), headers, body),
				axis(source, "action", source.action(), headers, body),
				axis(source, "orient", source.orient(), headers, body));
		String bodyHash = "sha256:" + sha256(delivery.body());
		String deliveryId = deliveryId(source, headers, body, bodyHash);
		DeliveryMetadata metadata = new DeliveryMetadata(source.name(), deliveryId, delivery.receivedAt(),
				source.eventHeaders(headers));
		Mono<Result> stored = Mono.defer(() -> store(trigram, contentType, delivery.body(), metadata,
				(run) -> new AppCon(trigram, body, null, run), startNanos, context));
		if (!source.replayProtection() || deliveryId.equals(bodyHash)) {
			return stored;
		}
		// replay defence of body-only signatures: a body already accepted under another delivery id is a
		// replay (the id header is not signed), answered like a duplicate; forgotten if it was not stored
		String first = this.replays.recordIfAbsent(source.name(), bodyHash, deliveryId, this.clock.millis());
		if (first != null && !first.equals(deliveryId)) {
			return Mono.just(new Result.Duplicate(new Acknowledgement(first, source.name(), trigram.term(),
					trigram.action(), trigram.orient(), Boolean.TRUE)));
		}
		return stored.doOnError((ex) -> this.replays.forget(source.name(), bodyHash, deliveryId));
	}

	/**
	 * Stores a verified delivery, answers when its row is committed, and dispatches it when it is to
	 * run; shared with the generic AppCon API.
	 * @param appCon the AppCon of a run, given that run's metadata
	 */
	Mono<Result> store(Trigram trigram, MediaType contentType, byte[] body, DeliveryMetadata metadata,
			Function<DeliveryMetadata, AppCon> appCon, long startNanos, UnaryOperator<Runnable> context) {
		this.dispatcher.checkAdmission(body.length);
		NewDelivery delivery = new NewDelivery(metadata.source(), metadata.deliveryId(), trigram.term(), trigram.action(),
				trigram.orient(), contentType.toString(), metadata.headers(), body, metadata.receivedAt());
		Acknowledgement acknowledgement = new Acknowledgement(metadata.deliveryId(), metadata.source(), trigram.term(),
				trigram.action(), trigram.orient(), null);
		return Mono.fromCompletionStage(() -> this.inbox.accept(delivery))
			.onErrorMap(InboxUnavailableException.class, WebhookIngestion::unavailable)
			.map((admission) -> switch (admission) {
				case Admission.Accepted accepted -> {
					this.dispatcher.dispatch(accepted.ref(), appCon.apply(metadata), body.length, startNanos, context);
					yield new Result.Accepted(acknowledgement);
				}
				case Admission.Rerun rerun -> {
					this.dispatcher.dispatch(rerun.ref(), appCon.apply(metadata.run(rerun.ref().attempt(), false)),
							body.length, startNanos, context);
					yield new Result.Accepted(acknowledgement);
				}
				case Admission.Duplicate duplicate -> new Result.Duplicate(acknowledgement(duplicate.first()));
			});
	}

	private static Acknowledgement acknowledgement(DeliveryRecord first) {
		return new Acknowledgement(first.deliveryId(), first.source(), first.term(), first.action(), first.orient(),
				Boolean.TRUE);
	}

	private static IngestionException unavailable(InboxUnavailableException ex) {
		return new IngestionException(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.UNAVAILABLE,
				"the delivery could not be stored; nothing was acknowledged, retry later", ex.retryAfter());
	}

	private static String axis(WebhookSource source, String axis, ValueExpression expression, DeliveryHeaders headers,
			Object body) {
		String value = expression.resolve(headers, body);
		if (value == null || Trigram.isWild(value)) {
			throw IngestionException.malformed("cannot derive the " + axis + " of the delivery from '" + expression
					+ "' (taobus.webhooks.sources." + source.name() + "." + axis + ")");
		}
		return limited(axis, value);
	}

	/**
	 * Refuses (400) a trigram axis or delivery id longer than {@value #MAX_NAME_LENGTH} characters, or
	 * holding a control character: these names reach logs, metrics' exemplars and the database (where
	 * PostgreSQL refuses NUL), and a line break in one could forge a log line.
	 */
	static String limited(String what, String value) {
		if (value.length() > MAX_NAME_LENGTH) {
			throw IngestionException.malformed("the " + what + " is longer than " + MAX_NAME_LENGTH + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				throw IngestionException.malformed("the " + what + " contains a control character (U+"
						+ String.format("%04X", (int) value.charAt(i)) + ")");
			}
		}
		return value;
	}

	private static String deliveryId(WebhookSource source, DeliveryHeaders headers, Object body, String bodyHash) {
		if (source.deliveryId() != null) {
			String id = source.deliveryId().resolve(headers, body);
			if (id != null) {
				return limited("delivery id", id);
			}
		}
		if (source.type() == SourceType.CLOUDEVENTS) {
			String key = cloudEventKey(limited("CloudEvents source", String.valueOf(headers.get("ce-source"))),
					limited("CloudEvents id", String.valueOf(headers.get("ce-id"))));
			if (key.length() > MAX_KEY_LENGTH) {  // a source of nothing but '#' and '%' triples when escaped
				throw IngestionException.malformed("the CloudEvents source and id are longer than " + MAX_KEY_LENGTH
						+ " characters together, once escaped");
			}
			return key;
		}
		return bodyHash;
	}

	/**
	 * The dedupe key of a CloudEvent, {@code source#id}, unambiguous: {@code %} and {@code #} in the
	 * source are percent-encoded, so the first {@code #} always ends the source ({@code a#b} + {@code c}
	 * and {@code a} + {@code b#c} stay two events).
	 */
	static String cloudEventKey(String source, String id) {
		return source.replace("%", "%25").replace("#", "%23") + "#" + id;
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What an ingestion endpoint answers. */
	sealed interface Result {

		/** 202: stored, and dispatched (or left to recovery when the bus refused it after the commit). */
		record Accepted(Acknowledgement acknowledgement) implements Result {
		}

		/** 200: a repeated delivery, answered with the first delivery's acknowledgement. */
		record Duplicate(Acknowledgement acknowledgement) implements Result {
		}

		/** 200: Slack's url_verification handshake, answered with its challenge. */
		record Challenge(@Nullable String challenge) implements Result {
		}

	}

}
