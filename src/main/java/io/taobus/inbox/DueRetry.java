package io.taobus.inbox;

import java.util.Objects;

/**
 * A failed async call whose retry came due, claimed by this node under a lease
 * ({@link Inbox#claimDueRetries}): what it needs to run again alone, and the handle its outcome is
 * reported with ({@link Inbox#retried}, or {@link Inbox#releasedRetry} when it could not run).
 *
 * @param callRow the ledger row of the failed attempt
 * @param delivery the delivery it belongs to, with its body, from which the call's AppCon is rebuilt
 * @param call the failed attempt
 */
public record DueRetry(long callRow, DeliveryRecord delivery, CallRecord call) {

	public DueRetry {
		Objects.requireNonNull(delivery, "delivery");
		Objects.requireNonNull(call, "call");
	}

	/** The attempt the retry is. */
	public int attempt() {
		return this.call.attempt() + 1;
	}

}
