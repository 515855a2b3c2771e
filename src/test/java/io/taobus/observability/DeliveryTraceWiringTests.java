package io.taobus.observability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.taobus.handler.TaoInline;
import io.taobus.tao.AppCon;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery trace as the application wires it (Boot's tracing handlers and taobus's), through the
 * ingestion endpoints: an untrusted source's handlers run in a trace of taobus's own, a trusted
 * source's ({@code trusted-trace-context: true}) and the AppCon API's in the sender's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.tracing.sampling.probability=1.0",
		"taobus.webhooks.sources.partner.type=github", "taobus.webhooks.sources.partner.secret=" + DeliveryTraceWiringTests.SECRET,
		"taobus.webhooks.sources.partner.trusted-trace-context=true" })
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(DeliveryTraceWiringTests.Traces.class)
class DeliveryTraceWiringTests {

	static final String SENDER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String SECRET = "It's a Secret to Everybody";

	@Autowired
	WebTestClient client;

	@Autowired
	Traces traces;

	@Test
	void onlyATrustedSenderChoosesTheTrace() throws Exception {
		assertThat(deliver("github")).isNotEqualTo(SENDER_TRACE).hasSize(32);
		assertThat(deliver("partner")).isEqualTo(SENDER_TRACE);
		String term = "traced" + UUID.randomUUID().toString().replace("-", "");
		this.client.post().uri("/tao/appcons").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", "Bearer test-api-token").header("traceparent", traceparent())
			.bodyValue(Map.of("term", term, "action", "set", "orient", "api")).exchange().expectStatus().isAccepted();
		assertThat(traceOf(term)).isEqualTo(SENDER_TRACE);
	}

	String deliver(String source) throws Exception {
		String term = "traced" + UUID.randomUUID().toString().replace("-", "");
		String body = "{\"action\":\"" + term + "\"}";
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		this.client.post().uri("/webhooks/" + source).contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Event", term).header("X-GitHub-Delivery", UUID.randomUUID().toString())
			.header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))))
			.header("traceparent", traceparent())
			.bodyValue(body).exchange().expectStatus().isAccepted();
		return traceOf(term);
	}

	String traceOf(String term) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.traces.byTerm.containsKey(term));
		return this.traces.byTerm.get(term);
	}

	static String traceparent() {
		return "00-" + SENDER_TRACE + "-00f067aa0ba902b7-01";
	}

	/** Records the trace each AppCon's inline handler runs in, by term. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Traces {

		final Map<String, String> byTerm = new ConcurrentHashMap<>();

		@Autowired
		Tracer tracer;

		@Bean
		Recorder traceRecorder() {
			return new Recorder(this);
		}

	}

	/** An inline handler of every AppCon. */
	static final class Recorder {

		private final Traces traces;

		Recorder(Traces traces) {
			this.traces = traces;
		}

		@TaoInline
		void record(AppCon appCon) {
			Span span = this.traces.tracer.currentSpan();
			this.traces.byTerm.put(appCon.term(), (span != null) ? span.context().traceId() : "none");
		}

	}

}
