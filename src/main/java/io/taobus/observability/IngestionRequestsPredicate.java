package io.taobus.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.taobus.ingestion.Ingestion;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Leaves the ingestion endpoints out of Boot's {@code http.server.requests} observation, unless
 * {@code taobus.observability.observe-ingestion-requests} is set: taobus measures them itself
 * ({@code taobus.webhooks.received}, {@code taobus.webhooks.ack}) and traces a delivery once it reaches
 * a handler ({@link DeliveryObservation}), while an observation per request, metric and span, costs
 * about a quarter of their throughput (bench/load.sh). Every other endpoint stays observed.
 */
final class IngestionRequestsPredicate implements ObservationPredicate {

	@Override
	public boolean test(String name, Observation.Context context) {
		return !(context instanceof ServerRequestObservationContext request)
				|| !Ingestion.isIngestionPath(request.getCarrier().getPath().value());
	}

}
