package io.taobus.ingestion;

/**
 * Told of every ingestion request once its response is decided, so that observability can count
 * outcomes and time acknowledgements without the ingestion endpoints knowing Micrometer.
 */
public interface IngestionListener {

	/**
	 * @param source a configured source name, {@code api} for {@code /tao/appcons}, else {@code unknown}
	 * @param outcome what became of the delivery
	 * @param nanos from the request's arrival to the response
	 */
	void ingested(String source, IngestionOutcome outcome, long nanos);

}
