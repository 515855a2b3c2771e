package io.taobus.ingestion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The orient data of every AppCon taobus ingests: where and when the delivery came from, the
 * provider's event headers (signature headers excluded), and which run of the stored delivery this
 * is, so that a handler can tell a first run from a recovery or an operator's replay.
 *
 * @param source the source name ({@code api} for {@code /tao/appcons})
 * @param deliveryId the id dedupe keys on
 * @param receivedAt when the request arrived (the first copy's arrival, on a later run), to the
 * microsecond: what the inbox's databases keep, so that a later run sees the same instant as the first
 * @param headers the provider's event headers, lower-case names
 * @param attempt which dispatch of the stored delivery this is, from 1 (a crash recovery or a resend of
 * a failed delivery raises it)
 * @param replay whether an operator asked for this run ({@code POST /tao/deliveries/.../replay})
 */
public record DeliveryMetadata(String source, String deliveryId, Instant receivedAt, Map<String, String> headers,
		int attempt, boolean replay) {

	/** The MDC key that carries the delivery id onto every handler thread of its cascade. */
	public static final String MDC_KEY = "taobus.delivery";

	public DeliveryMetadata {
		headers = Map.copyOf(headers);
		receivedAt = receivedAt.truncatedTo(ChronoUnit.MICROS);
		if (attempt < 1) {
			throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
		}
	}

	/** The metadata of a delivery's first run. */
	public DeliveryMetadata(String source, String deliveryId, Instant receivedAt, Map<String, String> headers) {
		this(source, deliveryId, receivedAt, headers, 1, false);
	}

	/** This metadata for another run. */
	DeliveryMetadata run(int attempt, boolean replay) {
		return new DeliveryMetadata(this.source, this.deliveryId, this.receivedAt, this.headers, attempt, replay);
	}

}
