package io.taobus.observability;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * Makes the span of a delivery whose sender is not trusted ({@link SenderLinkedContext}): a new trace
 * (no parent, sampled by taobus's own sampler) with a link to the sender's span, so that the two
 * traces can still be followed from one to the other. Ordered before Boot's default tracing handlers,
 * which would otherwise create the span without the link.
 */
final class DeliveryLinkHandler implements TracingObservationHandler<SenderLinkedContext> {

	private final Tracer tracer;

	DeliveryLinkHandler(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public void onStart(SenderLinkedContext context) {
		Span.Builder builder = this.tracer.spanBuilder().setNoParent().name(getSpanName(context));
		SenderLinkedContext.Remote remote = context.remote();
		if (remote != null) {
			TraceContext sender = this.tracer.traceContextBuilder()
				.traceId(remote.traceId())
				.spanId(remote.spanId())
				.sampled(remote.sampled())
				.build();
			builder.addLink(new Link(sender, Map.of("taobus.link", "sender")));
		}
		getTracingContext(context).setSpan(builder.start());
	}

	@Override
	public void onStop(SenderLinkedContext context) {
		Span span = getRequiredSpan(context);
		span.name(getSpanName(context));
		tagSpan(context, span);
		endSpan(context, span);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof SenderLinkedContext;
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
