package io.taobus.inbox;

/**
 * Dispatches a claimed delivery again: rebuilds its AppCon from the stored row (source, delivery id,
 * trigram, content type, event headers, body, received at) and hands it to the kernel. Called by
 * {@link InboxRecovery} on its own virtual thread; it must not block for the cascade, and it must
 * eventually report {@link Inbox#finished} or {@link Inbox#released} for {@link ClaimedDelivery#ref()}
 * (a row it can neither dispatch nor release is claimed again when its lease expires).
 */
@FunctionalInterface
public interface Redispatcher {

	/**
	 * Dispatches one claimed delivery.
	 * @throws RuntimeException when it cannot be dispatched now; recovery then releases the row
	 */
	void redispatch(ClaimedDelivery delivery);

	/**
	 * How many more deliveries could be dispatched now (a snapshot): recovery claims no more than this,
	 * so that a saturated bus is not handed rows it would refuse (each claim moves the row's fencing
	 * token, and a refusal costs a release). {@link Integer#MAX_VALUE} when there is no limit.
	 */
	default int capacity() {
		return Integer.MAX_VALUE;
	}

	/**
	 * Runs a failed async call whose retry came due, alone, and eventually reports
	 * {@link Inbox#retried} or {@link Inbox#releasedRetry} (a retry it does neither for is claimed again
	 * when its lease expires). Without an override, retries are given back: a redispatcher without a bus
	 * runs none.
	 * @throws RuntimeException when it cannot run now; recovery then releases it
	 */
	default void retry(DueRetry retry) {
		throw new UnsupportedOperationException("this redispatcher runs no retries");
	}

}
