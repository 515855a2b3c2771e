package io.taobus.inbox;

/** What {@link Inbox#replay(String, String)} did with one delivery. */
public enum ReplayOutcome {

	/** Marked for another run: recovery claims and dispatches it shortly (202). */
	REPLAYED,

	/** No such delivery (404). */
	UNKNOWN,

	/** Its body was removed by retention, so it cannot run again (410). */
	BODY_EXPIRED,

	/** It is pending: running now, or about to be recovered (409). */
	PENDING

}
