package io.taobus.inbox;

/**
 * A stored delivery claimed by this node for another dispatch: after a lease expired (its node
 * crashed, or released it) or after an operator's replay. The record carries the body, so that the
 * AppCon can be rebuilt exactly as first received.
 *
 * @param ref the handle to report its outcome with (the new attempt)
 * @param record the stored row, with its body
 * @param replay whether an operator asked for this run (the AppCon's metadata should say so)
 */
public record ClaimedDelivery(DeliveryRef ref, DeliveryRecord record, boolean replay) {

	public ClaimedDelivery {
		if (record.body() == null) {
			throw new IllegalArgumentException("a claimed delivery carries its body");
		}
	}

	/** The stored body. */
	public byte[] body() {
		byte[] body = this.record.body();
		return (body != null) ? body : new byte[0];
	}

}
