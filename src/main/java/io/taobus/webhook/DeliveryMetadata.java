package io.taobus.webhook;

import java.time.Instant;
import java.util.Map;

/**
 * The orient data of every AppCon taobus ingests: where and when the delivery came from, and the
 * provider's event headers (signature headers excluded).
 *
 * @param source the source name ({@code api} for {@code /tao/appcons})
 * @param deliveryId the id dedupe keys on
 * @param receivedAt when the request arrived
 * @param headers the provider's event headers, lower-case names
 */
public record DeliveryMetadata(String source, String deliveryId, Instant receivedAt, Map<String, String> headers) {

	/** The MDC key that carries the delivery id onto every handler thread of its cascade. */
	public static final String MDC_KEY = "taobus.delivery";

	public DeliveryMetadata {
		headers = Map.copyOf(headers);
	}

}
