package io.taobus.observability;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace a delivery gets with a real OpenTelemetry tracer: a sender that is not trusted cannot
 * choose taobus's trace id (its {@code traceparent} becomes a span link), a trusted one's trace is
 * continued, and a malformed {@code traceparent} is ignored.
 */
class DeliveryTraceLinkTests {

	static final String SENDER_TRACE = "0af7651916cd43dd8448eb211c80319c";

	static final String SENDER_SPAN = "b7ad6b7169203331";

	final List<SpanData> ended = new CopyOnWriteArrayList<>();

	final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			DeliveryTraceLinkTests.this.ended.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}
	})).build();

	final ObservationRegistry registry = ObservationRegistry.create();

	DeliveryTraceLinkTests() {
		io.opentelemetry.api.trace.Tracer otel = this.provider.get("taobus-test");
		OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), (event) -> {
		});
		OtelPropagator propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
		// the order Boot gives them: taobus's handler first, then receiver, then the default
		this.registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(new DeliveryLinkHandler(tracer),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
	}

	@AfterEach
	void close() {
		this.provider.close();
	}

	SpanData deliver(boolean trusted, String traceparent) {
		HttpHeaders headers = new HttpHeaders();
		headers.add("traceparent", traceparent);
		new DeliveryObservation(this.registry).of("github", trusted, headers, Context.empty()).apply(() -> {
		}).run();
		assertThat(this.ended).hasSize(1);
		return this.ended.get(0);
	}

	@Test
	void anUntrustedSendersTraceBecomesALinkOfANewTrace() {
		SpanData span = deliver(false, "00-" + SENDER_TRACE + "-" + SENDER_SPAN + "-01");
		assertThat(span.getName()).isEqualTo("taobus delivery");
		assertThat(span.getTraceId()).isNotEqualTo(SENDER_TRACE);
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(span.getLinks()).singleElement().satisfies((link) -> {
			assertThat(link.getSpanContext().getTraceId()).isEqualTo(SENDER_TRACE);
			assertThat(link.getSpanContext().getSpanId()).isEqualTo(SENDER_SPAN);
		});
	}

	@Test
	void aTrustedSendersTraceIsContinued() {
		SpanData span = deliver(true, "00-" + SENDER_TRACE + "-" + SENDER_SPAN + "-01");
		assertThat(span.getTraceId()).isEqualTo(SENDER_TRACE);
		assertThat(span.getParentSpanId()).isEqualTo(SENDER_SPAN);
		assertThat(span.getLinks()).isEmpty();
	}

	@Test
	void aMalformedTraceparentIsIgnored() {
		for (String bad : new String[] { "00-" + "0".repeat(32) + "-" + SENDER_SPAN + "-01", "ff-" + SENDER_TRACE + "-" + SENDER_SPAN
				+ "-01", "00-" + SENDER_TRACE + "-" + SENDER_SPAN, "00-" + SENDER_TRACE.toUpperCase() + "-" + SENDER_SPAN + "-01",
				"x".repeat(600) }) {
			assertThat(SenderLinkedContext.parse(bad)).as(bad).isNull();
		}
		assertThat(SenderLinkedContext.parse("00-" + SENDER_TRACE + "-" + SENDER_SPAN + "-00"))
			.isEqualTo(new SenderLinkedContext.Remote(SENDER_TRACE, SENDER_SPAN, false));
		SpanData span = deliver(false, "00-" + SENDER_TRACE + "-" + SENDER_SPAN);
		assertThat(span.getTraceId()).isNotEqualTo(SENDER_TRACE);
		assertThat(span.getLinks()).isEmpty();
	}

}
