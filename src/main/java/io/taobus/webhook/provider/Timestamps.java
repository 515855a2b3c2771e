package io.taobus.webhook.provider;

import java.time.Duration;
import java.time.Instant;

import io.taobus.ingestion.IngestionException;

/** The replay window of timestamped schemes: a Unix-seconds timestamp within the tolerance, both ways. */
final class Timestamps {

	private Timestamps() {
	}

	static long parse(String header, String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw IngestionException.invalidSignature(header + " is not a Unix timestamp in seconds");
		}
	}

	static void check(String header, long seconds, Instant now, Duration tolerance) {
		long skew = skew(now.getEpochSecond(), seconds);
		if (skew > tolerance.toSeconds()) {
			throw IngestionException.stale(header + " is " + skew + "s away from now, outside the tolerance of "
					+ tolerance.toSeconds() + "s");
		}
	}

	/** How far apart, saturating: a plain {@code Math.abs(a - b)} overflows to a negative, in-tolerance skew. */
	private static long skew(long now, long seconds) {
		try {
			return Math.absExact(Math.subtractExact(now, seconds));
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
