package io.taobus.webhook.provider;

import java.time.Instant;
import java.util.List;

import io.taobus.ingestion.IngestionException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * One HTTP delivery as received: the raw body bytes (verified before anything parses them), the
 * headers and query, and when it arrived.
 *
 * @param source the source name from the path
 * @param headers the request headers
 * @param query the query parameters
 * @param body the raw body
 * @param receivedAt when the request arrived
 */
public record Delivery(String source, HttpHeaders headers, MultiValueMap<String, String> query, byte[] body,
		Instant receivedAt) {

	/**
	 * The one value of a header, or {@code null} when absent.
	 * @throws IngestionException (401) when the header appears more than once: two signature headers
	 * are never guessed between
	 */
	@Nullable String single(String name) {
		List<String> values = this.headers.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw IngestionException.invalidSignature("expected one " + name + " header, got " + values.size());
		}
		return values.get(0);
	}

	/** As {@link #single}, but absent is an error too. */
	String required(String name) {
		String value = single(name);
		if (value == null || value.isBlank()) {
			throw IngestionException.invalidSignature("missing " + name + " header");
		}
		return value.trim();
	}

}
