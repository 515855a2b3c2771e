package io.taobus.observability;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A span per handler call, as OpenTelemetry exports it: a signed delivery that continues the sender's
 * trace reaches an intercept, an inline and a failing async handler; each call is a child of the
 * delivery's span with its kind, pattern, handler and outcome, the failing one with an error status,
 * and no meter duplicates {@code tao.handler.duration}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.tracing.sampling.probability=1.0")
@ActiveProfiles("e2e")
@Import({ ScrapeTraffic.Handlers.class, HandlerSpansTests.Spans.class })
class HandlerSpansTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	int port;

	@Autowired
	Kernel kernel;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Recorded spans;

	@Test
	void eachHandlerCallIsAChildSpanOfTheDeliveryWithItsKeyValuesAndOutcome() throws Exception {
		new ScrapeTraffic(this.port).deliver("opened", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		await().atMost(Duration.ofSeconds(30)).until(() -> trace().size() >= 4);
		Map<String, SpanData> byName = trace().stream()
			.collect(Collectors.toMap(SpanData::getName, Function.identity()));
		assertThat(byName).containsOnlyKeys("taobus delivery", "intercept PullHandlers#guard",
				"inline PullHandlers#book", "async PullHandlers#notifyReviewers");
		SpanData delivery = byName.get("taobus delivery");
		// github is an untrusted source: its delivery starts its own trace, linked to the sender's span
		assertThat(delivery.getParentSpanContext().isValid()).isFalse();
		assertThat(delivery.getLinks()).anySatisfy((link) -> {
			assertThat(link.getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
			assertThat(link.getSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
		});
		assertHandler(byName.get("intercept PullHandlers#guard"), delivery, "intercept", "guard", "success");
		assertHandler(byName.get("inline PullHandlers#book"), delivery, "inline", "book", "success");
		SpanData failed = byName.get("async PullHandlers#notifyReviewers");
		assertHandler(failed, delivery, "async", "notifyReviewers", "error");
		assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(failed.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(byName.get("inline PullHandlers#book").getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(this.meters.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("taobus.handler"));
		assertThat(this.meters.find("tao.handler.duration").tag("handler", "PullHandlers#book").timers()).isNotEmpty();
	}

	private static void assertHandler(SpanData span, SpanData delivery, String kind, String method, String outcome) {
		assertThat(span.getParentSpanId()).isEqualTo(delivery.getSpanId());
		assertThat(span.getAttributes().get(AttributeKey.stringKey("kind"))).isEqualTo(kind);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("handler"))).isEqualTo("PullHandlers#" + method);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("pattern"))).startsWith("pull|");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo(outcome);
	}

	/** The spans of the trace whose root links to the sender's trace. */
	private List<SpanData> trace() {
		String traceId = this.spans.spans.stream()
			.filter((span) -> span.getLinks().stream().anyMatch((link) -> link.getSpanContext().getTraceId().equals(TRACE_ID)))
			.map(SpanData::getTraceId)
			.findFirst()
			.orElse("none");
		return this.spans.spans.stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	/** Every span the application exports (Boot's batch processor takes every {@link SpanExporter} bean). */
	static final class Recorded implements SpanExporter {

		final List<SpanData> spans = new CopyOnWriteArrayList<>();

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.spans.addAll(spans);
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

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Spans {

		@Bean
		Recorded recordedSpans() {
			return new Recorded();
		}

	}

}
