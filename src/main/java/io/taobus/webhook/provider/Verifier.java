package io.taobus.webhook.provider;

import java.time.Instant;

/**
 * Verifies one delivery over its raw bytes before anything parses it.
 */
@FunctionalInterface
public interface Verifier {

	/**
	 * @param delivery the delivery
	 * @param now the current time, for timestamped schemes
	 * @throws IngestionException (401) when the signature is missing or invalid, or the timestamp
	 * is outside the tolerance
	 */
	void verify(Delivery delivery, Instant now);

}
