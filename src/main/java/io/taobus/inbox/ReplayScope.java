package io.taobus.inbox;

import java.util.Locale;

/**
 * What a replay runs again ({@link Inbox#replay(String, String, ReplayScope)}): by default only the handler
 * calls that did not complete (failed or dead ones, and those never reached), every completed call
 * skipped with what it returned; or the whole cascade.
 */
public enum ReplayScope {

	/** Only what did not complete: the completed calls are skipped ({@code scope=failed}, the default). */
	FAILED,

	/** The whole cascade, every call run again ({@code scope=all}). */
	ALL;

	/** The lower-case name used in the API. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The scope of a lower-case (or any case) name. */
	public static ReplayScope of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
