package io.taobus.ingestion;

import io.taobus.tao.Trigram;

/**
 * Told of every ingestion request once its response is decided, and of every run of a stored delivery
 * that reached no handler, so that observability can count outcomes, time acknowledgements and make an
 * unhandled delivery seen, without the ingestion endpoints knowing Micrometer.
 */
public interface IngestionListener {

	/**
	 * @param source a configured source name, {@code api} for {@code /tao/appcons}, else {@code unknown}
	 * @param outcome what became of the delivery
	 * @param nanos from the request's arrival to the response
	 */
	void ingested(String source, IngestionOutcome outcome, long nanos);

	/**
	 * A run of a stored delivery completed without reaching any handler
	 * ({@link io.taobus.inbox.Completion.Completed#unhandled()}): no registration matches its trigram.
	 * Called on the thread that ended its cascade; must be fast.
	 * @param source a configured source name, or {@code api}
	 * @param mapping the trigram pattern of the source's mapping ({@link AppConRebuilder#mapping}), bounded
	 * by the configuration: a tag for meters
	 * @param trigram the delivery's trigram, a value of the sender's
	 * @param deliveryId its delivery id
	 */
	default void unhandled(String source, Trigram mapping, Trigram trigram, String deliveryId) {
	}

}
