package io.taobus.inbox;

import java.util.Locale;

/**
 * Where a stored delivery stands. {@code pending} rows are claimed by a node (under a lease) or waiting
 * to be claimed; the other three are settled until a resend or a replay.
 */
public enum DeliveryStatus {

	/** Accepted, its cascade not yet finished (running, or waiting for recovery). */
	PENDING,

	/** Its cascade finished; async errors, if any, are counted, not failures. */
	COMPLETED,

	/** An inline or intercept handler threw; a resend of it runs it again. */
	FAILED,

	/** It was dispatched {@code max-attempts} times without finishing (for example it kills the JVM). */
	DEAD;

	/** The lower-case name used in the database and the API. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The status of a lower-case (or any case) name. */
	public static DeliveryStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
