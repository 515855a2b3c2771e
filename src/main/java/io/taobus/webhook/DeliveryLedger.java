package io.taobus.webhook;

import org.jspecify.annotations.Nullable;

/**
 * Remembers which deliveries were accepted, so that a repeated one is answered without running its
 * handlers again. In memory today (see {@link CaffeineDeliveryLedger}); a durable store can take its
 * place behind this interface.
 */
public interface DeliveryLedger {

	/**
	 * Records an accepted delivery unless its key is known.
	 * @return {@code null} when recorded now, else the acknowledgement of the first delivery
	 */
	@Nullable Acknowledgement recordIfAbsent(String key, Acknowledgement acknowledgement);

	/** Forgets a delivery that was recorded but then not dispatched, so that its retry is not a duplicate. */
	void forget(String key, Acknowledgement acknowledgement);

}
