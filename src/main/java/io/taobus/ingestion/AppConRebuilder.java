package io.taobus.ingestion;

import io.taobus.inbox.DeliveryRecord;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds the AppCon of a stored delivery for another run (a recovery, a resend of a failed one, an
 * operator's replay) the way its endpoint built it at ingestion, so that a later run sees the AppCon
 * first dispatched, bar its run in the metadata; and tells the trigram pattern its sources map
 * deliveries to. Each ingestion endpoint provides one for its sources.
 */
@FunctionalInterface
public interface AppConRebuilder {

	/**
	 * @param record the stored delivery
	 * @param body its body, empty when retention emptied it
	 * @param metadata the metadata of this run
	 * @return the AppCon, or {@code null} when the delivery's source is not one of this endpoint's
	 * @throws IngestionException when the body no longer becomes an AppCon
	 */
	@Nullable AppCon rebuild(DeliveryRecord record, byte[] body, DeliveryMetadata metadata);

	/**
	 * The trigram pattern of a source's mapping: its literal axes, {@code *} for the axes each delivery
	 * gives, a value bounded by the configuration (never by what senders send), for meters.
	 * @return the pattern, or {@code null} when the source is not one of this endpoint's (the default:
	 * every axis is the sender's, as on the AppCon API)
	 */
	default @Nullable Trigram mapping(String source) {
		return null;
	}

}
