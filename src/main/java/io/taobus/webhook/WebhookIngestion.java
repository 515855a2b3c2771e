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
 * a duplicate when its sender retries: nothing is lost and nothing runs twice.
 */
final class WebhookIngestion {

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
		String deliveryId = deliveryId(source, headers, body, delivery.body());
		DeliveryMetadata metadata = new DeliveryMetadata(source.name(), deliveryId, delivery.receivedAt(),
				source.eventHeaders(headers));
		return dispatch(source.name() + "\n" + deliveryId, metadata, new AppCon(trigram, body, null, metadata),
				delivery.body().length, startNanos, context);
	}

	/**
	 * Records (unless there is no key to dedupe by), then dispatches, weighing the AppCon by its body's
	 * size against the kernel's bytes in flight; shared with the generic AppCon API.
	 */
	Result dispatch(@Nullable String ledgerKey, DeliveryMetadata metadata, AppCon appCon, long bodyBytes,
			long startNanos, UnaryOperator<Runnable> context) {
		Acknowledgement acknowledgement = new Acknowledgement(metadata.deliveryId(), metadata.source(), appCon.term(),
				appCon.action(), appCon.orient(), null);
		Acknowledgement first = (ledgerKey != null) ? this.ledger.recordIfAbsent(ledgerKey, acknowledgement) : null;
		if (first != null) {
			return new Result.Duplicate(first.asDuplicate());
		}
		try {
			// the cascade's first thread gets the request's context and the delivery id in its MDC; the
			// kernel carries both on to every later thread of the cascade
			this.kernel.setAppCon(appCon, startNanos, withDelivery(context, metadata.deliveryId()), bodyBytes);
		}
		catch (KernelClosedException ex) {
			forget(ledgerKey, acknowledgement);
			throw new IngestionException(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.THROTTLED,
					"taobus is shutting down; retry later");
		}
		catch (KernelSaturatedException ex) {
			forget(ledgerKey, acknowledgement);
			throw new IngestionException(HttpStatus.TOO_MANY_REQUESTS, IngestionOutcome.THROTTLED,
					"taobus is saturated; retry later");
		}
		return new Result.Accepted(acknowledgement);
	}

	private void forget(@Nullable String ledgerKey, Acknowledgement acknowledgement) {
		if (ledgerKey != null) {
			this.ledger.forget(ledgerKey, acknowledgement);
		}
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
		return value;
	}

	private static String deliveryId(WebhookSource source, DeliveryHeaders headers, Object body, byte[] raw) {
		if (source.deliveryId() != null) {
			String id = source.deliveryId().resolve(headers, body);
			if (id != null) {
				return id;
			}
		}
		if (source.type() == SourceType.CLOUDEVENTS) {
			return headers.get("ce-source") + "#" + headers.get("ce-id");
		}
		return "sha256:" + sha256(raw);
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
