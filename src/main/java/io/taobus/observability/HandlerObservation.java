package io.taobus.observability;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerHook;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * A span per handler call: the kernel's {@link HandlerHook} opens a {@value #NAME} observation, child
 * of the delivery's ({@link DeliveryObservation}, or the observed request's), with the handler's kind,
 * pattern, registered name and outcome as low-cardinality key values, and keeps it in scope while the
 * handler runs, so that the handler's logs and its own observed calls belong to it. A call outside
 * any trace (an AppCon set by code that has none) opens nothing and costs a thread-local read.
 *
 * <p>The observation is for tracing only: {@link ObservabilityConfiguration} denies the meters Boot's
 * meter handler would derive from it, which would duplicate {@code tao.handler.duration}.
 */
final class HandlerObservation implements HandlerHook {

	static final String NAME = "taobus.handler";

	private final ObservationRegistry registry;

	HandlerObservation(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable Object before(HandlerInfo handler, AppCon appCon) {
		Observation parent = this.registry.getCurrentObservation();
		if (parent == null || parent.isNoop()) {
			return null;
		}
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.parentObservation(parent)
			.contextualName(handler.kind().tag() + " " + handler.name())
			.lowCardinalityKeyValues(KeyValues.of("kind", handler.kind().tag(), "pattern",
					handler.pattern().toString(), "handler", handler.name()))
			.start();
		return new Call(observation, observation.openScope());
	}

	@Override
	public void after(@Nullable Object context, HandlerInfo handler, AppCon appCon, Outcome outcome,
			@Nullable Throwable error) {
		if (context instanceof Call(Observation observation, Observation.Scope scope)) {
			observation.lowCardinalityKeyValue("outcome", outcome.tag());
			if (error != null) {
				observation.error(error);
			}
			scope.close();
			observation.stop();
		}
	}

	private record Call(Observation observation, Observation.Scope scope) {
	}

}
