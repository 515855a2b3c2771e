package io.taobus.inbox;

import java.util.Objects;

/**
 * The calls of one handler that wait on the ledger, for the gauges of retries pending and dead calls:
 * only a call's last record counts, so that a dead call run again since (a replay, a rerun of its
 * delivery) is no longer dead.
 *
 * @param handler the handler's name
 * @param kind {@code intercept}, {@code inline} or {@code async}
 * @param retrying its calls whose retry is due or coming ({@link CallStatus#RETRYING})
 * @param dead its calls given up for good ({@link CallStatus#DEAD})
 */
public record CallTally(String handler, String kind, long retrying, long dead) {

	public CallTally {
		Objects.requireNonNull(handler, "handler");
		Objects.requireNonNull(kind, "kind");
	}

}
