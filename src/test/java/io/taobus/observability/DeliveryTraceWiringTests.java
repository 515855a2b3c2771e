package io.taobus.observability;

import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.taobus.TaobusApplication;
import io.taobus.webhook.DeliveryContext;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery trace as the application wires it (Boot's tracing handlers and taobus's): an untrusted
 * source's handlers run in a trace of taobus's own, a trusted source's and the AppCon API's in the
 * sender's.
 */
class DeliveryTraceWiringTests {

	static final String SENDER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void onlyATrustedSenderChoosesTheTrace() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TaobusApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "taobus.webhooks.sources.gh.type=github",
					"taobus.webhooks.sources.gh.secret=a-github-secret-0123456789", "taobus.webhooks.sources.partner.type=github",
					"taobus.webhooks.sources.partner.secret=a-partner-secret-0123456789",
					"taobus.webhooks.sources.partner.trusted-trace-context=true")
			.run()) {
			DeliveryContext deliveries = context.getBean(DeliveryContext.class);
			Tracer tracer = context.getBean(Tracer.class);
			assertThat(traceOf(deliveries, tracer, "gh")).isNotEqualTo(SENDER_TRACE).hasSize(32);
			assertThat(traceOf(deliveries, tracer, "partner")).isEqualTo(SENDER_TRACE);
			assertThat(traceOf(deliveries, tracer, "api")).isEqualTo(SENDER_TRACE);
		}
	}

	static String traceOf(DeliveryContext deliveries, Tracer tracer, String source) {
		HttpHeaders headers = new HttpHeaders();
		headers.add("traceparent", "00-" + SENDER_TRACE + "-00f067aa0ba902b7-01");
		AtomicReference<String> trace = new AtomicReference<>();
		deliveries.of(source, headers, Context.empty()).apply(() -> {
			Span span = tracer.currentSpan();
			trace.set((span != null) ? span.context().traceId() : "none");
		}).run();
		return trace.get();
	}

}
