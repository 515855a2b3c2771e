package io.taobus.inbox;

import java.util.Locale;

/**
 * Where one attempt of a handler call stands in the ledger ({@link CallRecord}). A call's attempts are
 * settled when they are recorded: the ledger keeps no running calls (a crash loses the records of calls
 * still running, which then run again).
 */
public enum CallStatus {

	/** It returned (an intercept's halt or divert included). */
	COMPLETED,

	/** It threw or timed out, and will not run again on its own. */
	FAILED,

	/** An async call that threw or timed out, whose retry is due at {@link CallRecord#dueAt()}. */
	RETRYING,

	/** An async call that failed for good: its retries are spent, or it said not to retry. */
	DEAD,

	/**
	 * A call of a rerun that did not run again: an earlier run of the delivery completed it, and the record
	 * of that run gave what it returned (see {@link Inbox#completedCalls}).
	 */
	SKIPPED;

	/** The lower-case name used in the database and the API. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The status of a lower-case (or any case) name. */
	public static CallStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
