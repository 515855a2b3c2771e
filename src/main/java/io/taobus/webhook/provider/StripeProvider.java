package io.taobus.webhook.provider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.taobus.ingestion.IngestionException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.Order;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=…][,v0=…]} over {@code t.body}, keyed by the
 * whole {@code whsec_…} string as UTF-8 (Stripe does not base64-decode it). Only {@code v1} counts;
 * Stripe's test events carry a fake {@code v0}. Unlike stripe-java, a timestamp too far in the future
 * is refused too. The event's {@code type} splits into term and action
 * ({@code payment_intent.succeeded}), and its {@code id} is the delivery id.
 */
@Order(2)
final class StripeProvider implements WebhookProvider {

	private static final String HEADER = "Stripe-Signature";

	@Override
	public String type() {
		return "stripe";
	}

	@Override
	public Verifier verifier(SourceSettings source) {
		HmacKeys keys = HmacKeys.utf8(source.secrets());
		return (delivery, now) -> verify(keys, source, delivery, now);
	}

	private static void verify(HmacKeys keys, SourceSettings source, Delivery delivery, Instant now) {
		String timestamp = null;
		List<byte @Nullable []> signatures = new ArrayList<>();
		for (String part : delivery.required(HEADER).split(",")) {
			int eq = part.indexOf('=');
			if (eq < 0) {
				continue;
			}
			String key = part.substring(0, eq).trim();
			String value = part.substring(eq + 1).trim();
			if ("t".equals(key)) {
				timestamp = value;
			}
			else if ("v1".equals(key)) {
				signatures.add(Signatures.hex(value));
			}
		}
		if (timestamp == null || signatures.isEmpty()) {
			throw IngestionException.invalidSignature(HEADER + " needs t= and at least one v1=");
		}
		long seconds = Timestamps.parse(HEADER + " t", timestamp);
		byte[] prefix = Signatures.utf8(timestamp + ".");
		if (!keys.anyMatches(signatures, prefix, delivery.body())) {
			throw IngestionException.invalidSignature("no v1 signature in " + HEADER + " matches");
		}
		Timestamps.check(HEADER + " t", seconds, now, source.tolerance());
	}

	@Override
	public Mapping mapping(String source) {
		return Mapping.byType(source, "json:/id");
	}

	@Override
	public List<String> eventHeaderPrefixes() {
		return List.of("stripe-");
	}

	@Override
	public List<Header> documentedHeaders() {
		return List.of(new Header(HEADER, "Stripe: `t=<unix seconds>,v1=<hex HMAC-SHA256 of t.body>`"));
	}

}
