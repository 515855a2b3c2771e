package io.taobus.webhook.provider;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.taobus.ingestion.IngestionException;
import org.jspecify.annotations.Nullable;

/**
 * HMAC-SHA256 over the raw body, in one header, with an optional prefix and hex or base64 encoding:
 * GitHub ({@code X-Hub-Signature-256: sha256=<hex>}), Shopify ({@code X-Shopify-Hmac-SHA256:
 * <base64>}) and the generic {@code hmac-sha256} type. These schemes carry no timestamp: dedupe on the
 * delivery id and the replay guard of the body are their replay defence.
 */
final class BodyHmacVerifier implements Verifier {

	private final String header;

	private final String prefix;

	private final Function<String, byte @Nullable []> decoder;

	private final HmacKeys keys;

	BodyHmacVerifier(String header, String prefix, Function<String, byte @Nullable []> decoder, List<String> secrets) {
		this.header = header;
		this.prefix = prefix;
		this.decoder = decoder;
		this.keys = HmacKeys.utf8(secrets);
	}

	@Override
	public void verify(Delivery delivery, Instant now) {
		String value = delivery.required(this.header);
		if (!value.regionMatches(true, 0, this.prefix, 0, this.prefix.length())) {
			throw IngestionException.invalidSignature(this.header + " must start with '" + this.prefix + "'");
		}
		byte[] presented = this.decoder.apply(value.substring(this.prefix.length()));
		if (this.keys.matches(presented, delivery.body())) {
			return;
		}
		throw IngestionException.invalidSignature(this.header + " does not match the body");
	}

}
