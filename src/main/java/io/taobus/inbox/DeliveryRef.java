package io.taobus.inbox;

/**
 * A handle on one attempt of a stored delivery: what {@link Inbox#finished} and {@link Inbox#released}
 * take back. The attempt number is the fencing token: an outcome reported for an attempt that is no
 * longer the row's current one is ignored.
 *
 * @param id the row's id (its claim order)
 * @param source the source name
 * @param deliveryId the delivery id
 * @param attempt the attempt this handle was issued for, from 1
 */
public record DeliveryRef(long id, String source, String deliveryId, int attempt) {

	public DeliveryRef {
		NewDelivery.requireText(source, "source");
		NewDelivery.requireText(deliveryId, "deliveryId");
		if (attempt < 1) {
			throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
		}
	}

}
