package io.taobus.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelClosedException;
import io.taobus.tao.KernelSaturatedException;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The ingestion pipeline of a webhook delivery, after its body was read within the size limit:
 * verify over the raw bytes, parse, map to a trigram, dedupe on the delivery id, dispatch. A delivery
 * is recorded as seen only once the kernel admitted it, so a refused one (429, 503) is not taken for
 * a duplicate when its sender retries: nothing is lost and nothing runs twice. For schemes that sign
 * the body only, the body's SHA-256 is remembered too, so that a captured delivery replayed under a
 * fresh delivery id is a duplicate (per source: {@code replay-protection}).
 */
final class WebhookIngestion {

	/** The longest trigram axis or delivery id accepted. */
	static final int MAX_NAME_LENGTH = 256;

	private final Map<String, WebhookSource> sources;

	private final BodyParser parser;

	private final DeliveryLedger ledger;

	private final Kernel kernel;

	private final Clock clock;

	WebhookIngestion(Map<String, WebhookSource> sources, BodyParser parser, DeliveryLedger ledger, Kernel kernel,
			Clock clock) {
		this.sources = Map.copyOf(sources);
		this.parser = parser;
		this.ledger = ledger;
		this.kernel = kernel;
		this.clock = clock;
	}

	/** The source configured under a name, or {@code null}. */
	@Nullable WebhookSource find(String name) {
		return this.sources.get(name);
	}

	/**
	 * Verifies, parses, maps, dedupes and dispatches one delivery.
	 * @param context the request's context (observation, trace) for the handler threads, applied only
	 * when a handler matches
	 */
	Result ingest(WebhookSource source, Delivery delivery, MediaType contentType, long startNanos,
			UnaryOperator<Runnable> context) {
		source.verifier().verify(delivery, this.clock.instant());
		DeliveryHeaders headers = new DeliveryHeaders(delivery.headers());
		Object body = this.parser.parse(delivery.body(), contentType);
		if (source.type() == SourceType.CLOUDEVENTS) {
			body = CloudEvents.normalize(body, contentType, headers);
		}
		if (source.type() == SourceType.SLACK && body instanceof Map<?, ?> map
				&& "url_verification".equals(map.get("type")) && map.get("challenge") instanceof String challenge) {
			return new Result.Challenge(challenge);
		}
		Trigram trigram = Trigram.of(axis(source, "term", source.term(), headers, body),
				axis(source, "action", source.action(), headers, body),
				axis(source, "orient", source.orient(), headers, body));
		String bodyHash = "sha256:" + sha256(delivery.body());
		String deliveryId = deliveryId(source, headers, body, bodyHash);
		DeliveryMetadata metadata = new DeliveryMetadata(source.name(), deliveryId, delivery.receivedAt(),
				source.eventHeaders(headers));
		AppCon appCon = new AppCon(trigram, body, null, metadata);
		String ledgerKey = source.name() + "\n" + deliveryId;
		if (!source.replayProtection() || deliveryId.equals(bodyHash)) {
			return dispatch(ledgerKey, metadata, appCon, startNanos, context);
		}
		// replay defence of body-only signatures: a body already accepted under another delivery id is a
		// replay (the id header is not signed), answered like a duplicate; forgotten if not dispatched
		String bodyKey = source.name() + "\nbody\n" + bodyHash;
		Acknowledgement mine = new Acknowledgement(deliveryId, source.name(), trigram.term(), trigram.action(),
				trigram.orient(), null);
		Acknowledgement first = this.ledger.recordIfAbsent(bodyKey, mine);
		if (first != null && !first.id().equals(deliveryId)) {
			return new Result.Duplicate(first.asDuplicate());
		}
		try {
			return dispatch(ledgerKey, metadata, appCon, startNanos, context);
		}
		catch (IngestionException ex) {
			this.ledger.forget(bodyKey, mine);
			throw ex;
		}
	}

	/** Records, then dispatches; shared with the generic AppCon API. */
	Result dispatch(String ledgerKey, DeliveryMetadata metadata, AppCon appCon, long startNanos,
			UnaryOperator<Runnable> context) {
		Acknowledgement acknowledgement = new Acknowledgement(metadata.deliveryId(), metadata.source(), appCon.term(),
				appCon.action(), appCon.orient(), null);
		Acknowledgement first = this.ledger.recordIfAbsent(ledgerKey, acknowledgement);
		if (first != null) {
			return new Result.Duplicate(first.asDuplicate());
		}
		try {
			// the cascade's first thread gets the request's context and the delivery id in its MDC; the
			// kernel carries both on to every later thread of the cascade
			this.kernel.setAppCon(appCon, startNanos, withDelivery(context, metadata.deliveryId()));
		}
		catch (KernelClosedException ex) {
			this.ledger.forget(ledgerKey, acknowledgement);
			throw new IngestionException(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.THROTTLED,
					"taobus is shutting down; retry later");
		}
		catch (KernelSaturatedException ex) {
			this.ledger.forget(ledgerKey, acknowledgement);
			throw new IngestionException(HttpStatus.TOO_MANY_REQUESTS, IngestionOutcome.THROTTLED,
					"taobus is saturated; retry later");
		}
		return new Result.Accepted(acknowledgement);
	}

	private static UnaryOperator<Runnable> withDelivery(UnaryOperator<Runnable> context, String deliveryId) {
		return (task) -> context.apply(() -> {
			try (MDC.MDCCloseable delivery = MDC.putCloseable(DeliveryMetadata.MDC_KEY, deliveryId)) {
				task.run();
			}
		});
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

	/** Refuses (400) a trigram axis or delivery id longer than {@value #MAX_NAME_LENGTH} characters. */
	static String limited(String what, String value) {
		if (value.length() > MAX_NAME_LENGTH) {
			throw IngestionException.malformed("the " + what + " is longer than " + MAX_NAME_LENGTH + " characters");
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
			return cloudEventKey(limited("CloudEvents source", String.valueOf(headers.get("ce-source"))),
					limited("CloudEvents id", String.valueOf(headers.get("ce-id"))));
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

		/** 202: accepted and dispatched. */
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
