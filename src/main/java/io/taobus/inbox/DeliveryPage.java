package io.taobus.inbox;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of {@link Inbox#list}: rows newest first, without bodies.
 *
 * @param deliveries the rows of this page
 * @param nextCursor the cursor of the next page, or {@code null} when this is the last one
 */
public record DeliveryPage(List<DeliveryRecord> deliveries, @Nullable String nextCursor) {

	public DeliveryPage {
		deliveries = List.copyOf(deliveries);
	}

	/** A page of at most {@code limit} rows out of {@code limit + 1} fetched: one more means a next page. */
	static DeliveryPage of(List<DeliveryRecord> fetched, int limit) {
		if (fetched.size() <= limit) {
			return new DeliveryPage(fetched, null);
		}
		List<DeliveryRecord> page = fetched.subList(0, limit);
		return new DeliveryPage(page, Cursors.encode(page.get(limit - 1).id()));
	}

}
