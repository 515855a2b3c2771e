package io.taobus.observability;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
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
 * any trace (an AppCon set by code that has none) opens nothing and costs a thread-local read. Nor does
 * a call in a trace that is not sampled (nine in ten by the service's default probability), whose span
 * nobody would record: profiles of a saturated server put the observations of such calls at 7 to 9 % of
 * its CPU. Its handler's logs then carry the delivery's trace and span ids.
 *
 * <p>The observation is for tracing only: {@link ObservabilityConfiguration} denies the meters Boot's
 * meter handler would derive from it, which would duplicate {@code tao.handler.duration}.
 */
final class HandlerObservation implements HandlerHook {

	static final String NAME = "taobus.handler";

	private final ObservationRegistry registry;

	private final Tracer tracer;

	HandlerObservation(ObservationRegistry registry, Tracer tracer) {
		this.registry = registry;
		this.tracer = tracer;
	}

	@Override
	public @Nullable Object before(HandlerInfo handler, AppCon appCon) {
		Observation parent = this.registry.getCurrentObservation();
		if (parent == null || parent.isNoop() || unsampled(this.tracer.currentSpan())) {
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

	/** A span of a trace that is not recorded; without a tracer, no span, or no decision, false. */
	private static boolean unsampled(@Nullable Span span) {
		return span != null && Boolean.FALSE.equals(span.context().sampled());
	}

	private record Call(Observation observation, Observation.Scope scope) {
	}

}
