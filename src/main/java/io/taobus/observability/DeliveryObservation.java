package io.taobus.observability;

import java.util.function.UnaryOperator;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.taobus.ingestion.DeliveryContext;
import reactor.util.context.ContextView;

import org.springframework.http.HttpHeaders;

/**
 * The trace of a delivery, on the threads of its handlers. When the request was observed (Boot's
 * {@code http.server.requests}, see {@link IngestionRequestsPredicate}), its observation is carried
 * over. When it was not, which is the default for the ingestion endpoints, a {@code taobus.delivery}
 * observation is started only once a handler matches; the cascade's later threads carry it on through
 * the kernel's task decorator. A delivery no handler matches costs no trace at all.
 * <p>
 * A sender's trace context ({@code traceparent}) is a claim anyone can make: by default a delivery
 * starts a trace of its own, sampled by taobus, and the sender's context becomes a span link
 * ({@link SenderLinkedContext}, {@link DeliveryLinkHandler}). Only a source configured with
 * {@code trusted-trace-context: true}, and the token-guarded AppCon API, continue the sender's trace.
 */
final class DeliveryObservation implements DeliveryContext {

	static final String NAME = "taobus.delivery";

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private final ObservationRegistry registry;

	DeliveryObservation(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public UnaryOperator<Runnable> of(String source, boolean trusted, HttpHeaders headers, ContextView requestContext) {
		return (task) -> {
			Observation request = requestContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			if (request != null && !request.isNoop()) {
				return SNAPSHOTS.captureFrom(requestContext).wrap(task);
			}
			Observation delivery = start(source, trusted, headers);
			return () -> {
				try (Observation.Scope scope = delivery.openScope()) {
					task.run();
				}
				catch (RuntimeException | Error ex) {
					delivery.error(ex);
					throw ex;
				}
				finally {
					delivery.stop();
				}
			};
		};
	}

	private Observation start(String source, boolean trusted, HttpHeaders headers) {
		// the context (and the parse of an untrusted traceparent) only when the registry observes at all
		return Observation.createNotStarted(NAME, () -> context(source, trusted, headers), this.registry)
			.contextualName("taobus delivery")
			.lowCardinalityKeyValue("source", source)
			.start();
	}

	private static Observation.Context context(String source, boolean trusted, HttpHeaders headers) {
		if (trusted) {
			ReceiverContext<HttpHeaders> receiver = new ReceiverContext<>(HttpHeaders::getFirst, Kind.CONSUMER);
			receiver.setCarrier(headers);
			receiver.setRemoteServiceName(source);
			return receiver;
		}
		return new SenderLinkedContext(headers.getFirst(SenderLinkedContext.TRACEPARENT));
	}

}
