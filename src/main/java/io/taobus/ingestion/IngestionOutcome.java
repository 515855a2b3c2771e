package io.taobus.ingestion;

import java.util.Locale;

/**
 * What became of one delivery, the {@code outcome} tag of {@code taobus.webhooks.received}; a
 * closed set so that a tag never takes a value from a request. {@code unavailable}: the inbox could
 * not store the delivery (503, nothing acknowledged).
 */
public enum IngestionOutcome {

	ACCEPTED, DUPLICATE, INVALID_SIGNATURE, STALE_TIMESTAMP, MALFORMED, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,
	UNKNOWN_SOURCE, UNAUTHORIZED, THROTTLED, UNAVAILABLE;

	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
