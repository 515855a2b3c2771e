package io.taobus.webhook.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.taobus.ingestion.IngestionException;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=…][,v0=…]} over {@code t.body}, keyed by the
 * whole {@code whsec_…} string as UTF-8 (Stripe does not base64-decode it). Only {@code v1} counts;
 * Stripe's test events carry a fake {@code v0}. Unlike stripe-java, a timestamp too far in the
 * future is refused too.
 */
public final class StripeVerifier implements Verifier {

	private static final String HEADER = "Stripe-Signature";

	private final HmacKeys keys;

	private final Duration tolerance;

	public StripeVerifier(List<String> secrets, Duration tolerance) {
		this.keys = HmacKeys.utf8(secrets);
		this.tolerance = tolerance;
	}

	@Override
	public void verify(Delivery delivery, Instant now) {
		String timestamp = null;
		List<byte @org.jspecify.annotations.Nullable []> signatures = new ArrayList<>();
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
		if (!this.keys.anyMatches(signatures, prefix, delivery.body())) {
			throw IngestionException.invalidSignature("no v1 signature in " + HEADER + " matches");
		}
		Timestamps.check(HEADER + " t", seconds, now, this.tolerance);
	}

}
