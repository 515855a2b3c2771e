package io.taobus.webhook.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.taobus.ingestion.IngestionException;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:<X-Slack-Request-Timestamp>:body},
 * keyed by the signing secret, with the timestamp within the tolerance both ways.
 */
public final class SlackVerifier implements Verifier {

	private static final String SIGNATURE = "X-Slack-Signature";

	private static final String TIMESTAMP = "X-Slack-Request-Timestamp";

	private final HmacKeys keys;

	private final Duration tolerance;

	public SlackVerifier(List<String> secrets, Duration tolerance) {
		this.keys = HmacKeys.utf8(secrets);
		this.tolerance = tolerance;
	}

	@Override
	public void verify(Delivery delivery, Instant now) {
		String timestamp = delivery.required(TIMESTAMP);
		String signature = delivery.required(SIGNATURE);
		long seconds = Timestamps.parse(TIMESTAMP, timestamp);
		if (!signature.startsWith("v0=")) {
			throw IngestionException.invalidSignature(SIGNATURE + " must start with 'v0='");
		}
		byte[] presented = Signatures.hex(signature.substring(3));
		byte[] prefix = Signatures.utf8("v0:" + timestamp + ":");
		if (!this.keys.matches(presented, prefix, delivery.body())) {
			throw IngestionException.invalidSignature(SIGNATURE + " does not match");
		}
		Timestamps.check(TIMESTAMP, seconds, now, this.tolerance);
	}

}
