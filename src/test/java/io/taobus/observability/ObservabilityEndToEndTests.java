package io.taobus.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.taobus.server.example.BootstrapUserSession;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observability of the running service, as an operator sees it: the example TAO-path posted to
 * {@code /tao/appcons} shows in {@code /actuator/prometheus}, health, {@code /actuator/tao} (with the
 * handlers' calls on the ledger), the live
 * stream and the logs (with the request's trace id); random trigrams add no series.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityEndToEndTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Autowired
	WebTestClient client;

	@Autowired
	Kernel kernel;

	@Autowired
	BootstrapUserSession example;

	@Autowired
	MeterRegistry registry;

	WebTestClient.ResponseSpec post(Map<String, Object> body, String... headers) {
		WebTestClient.RequestBodySpec spec = this.client.post()
			.uri("/tao/appcons")
			.header("Authorization", "Bearer test-api-token")
			.contentType(MediaType.APPLICATION_JSON);
		for (int i = 0; i < headers.length; i += 2) {
			spec.header(headers[i], headers[i + 1]);
		}
		return spec.bodyValue(body).exchange();
	}

	void enterPortal(String user, String... headers) {
		long before = this.example.sessionsEntered();
		post(Map.of("term", "App", "action", "Enter", "orient", "Portal", "data", Map.of("term", Map.of("user", user))),
				headers)
			.expectStatus().isAccepted().expectBody().returnResult();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.example.sessionsEntered() > before);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void exampleCascadeShowsInPrometheus() {
		enterPortal("alice");
		assertThat(this.example.session("alice")).isNotNull();
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		String text = this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		// ingestion is measured by taobus and traced once it reaches a handler; other endpoints keep
		// Boot's observation
		assertThat(text).containsPattern("taobus_delivery_seconds_count\\{[^}]*source=\"api\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/actuator/health\"")
			.doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/tao/appcons\"");
		assertThat(text).contains("tao_handler_duration_seconds_bucket{handler=\"BootstrapUserSession#preparePortal\",kind=\"inline\",outcome=\"success\",pattern=\"App|Enter|Portal\",le=\"1.0E-6\"}")
			.contains("tao_handler_duration_seconds_count{handler=\"BootstrapUserSession#lookUpUser\",kind=\"async\",outcome=\"error\",pattern=\"User|Find|Portal\"}")
			.contains("tao_handler_duration_seconds_count{handler=\"BootstrapUserSession#createSession\",kind=\"inline\",outcome=\"success\",pattern=\"Session|Create|Portal\"}")
			.contains("tao_async_queue_depth ", "tao_async_active ", "tao_dispatch_pending ")
			.contains("taobus_webhooks_received_total{outcome=\"accepted\",source=\"api\"}")
			.contains("taobus_webhooks_ack_seconds_bucket", "tao_cascade_duration_seconds_bucket");
		for (String metric : dashboardMetrics()) {
			assertThat(text).as("the Grafana dashboard queries %s", metric).contains(metric);
		}
		String swallowed = text.lines()
			.filter((line) -> line.startsWith("tao_async_errors_swallowed_total{exception=\"IllegalStateException\",handler=\"BootstrapUserSession#lookUpUser\",pattern=\"User|Find|Portal\"}"))
			.findFirst().orElseThrow();
		assertThat(Double.parseDouble(swallowed.substring(swallowed.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(1);
	}

	static java.util.Set<String> dashboardMetrics() {
		try {
			String json = java.nio.file.Files.readString(java.nio.file.Path.of("deploy/grafana/dashboards/taobus.json"));
			java.util.Set<String> names = new java.util.TreeSet<>();
			java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\b(taobus|tao)_[a-z_]+").matcher(json);
			while (matcher.find()) {
				names.add(matcher.group());
			}
			assertThat(names).hasSizeGreaterThan(8);
			return names;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void swallowedErrorIsLoggedWithItsStackTraceTheRequestsTraceIdAndNoPayload(CapturedOutput output) {
		String user = "secret-user-" + UUID.randomUUID();
		// a failing handler logs at most once a second: another test's failure may have just used the second
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			enterPortal(user, "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
			return output.getOut().contains(TRACE_ID);
		});
		// the message line and its stack trace may reach the captured output in separate writes
		await().atMost(Duration.ofSeconds(30))
			.until(() -> output.getOut().contains("\tat io.taobus.server.example.BootstrapUserSession.lookUpUser"));
		List<String> lines = output.getOut().lines().toList();
		int first = lines.indexOf(lines.stream().filter((line) -> line.contains(TRACE_ID)).findFirst().orElseThrow());
		assertThat(lines.get(first)).contains("WARN", "HandlerErrorLog",
				"async handler BootstrapUserSession#lookUpUser on User|Find|Portal failed for User|Find|Portal",
				"I can't find Users now!", "delivery ")
			.doesNotContain(user);
		// Boot's console pattern puts the stack trace after a blank line
		List<String> trace = lines.subList(first + 1, lines.size()).stream().filter((line) -> !line.isBlank()).limit(2).toList();
		assertThat(trace.get(0)).isEqualTo("java.lang.IllegalStateException: I can't find Users now!");
		assertThat(trace.get(1)).startsWith("\tat io.taobus.server.example.BootstrapUserSession.lookUpUser");
		assertThat(output.getOut()).doesNotContain(user);
	}

	@Test
	void aDeliveryNoHandlerMatchesIsCountedLoggedAndShownUnhandled(CapturedOutput output) {
		String body = "{\"type\":\"nobody.home\",\"id\":\"" + UUID.randomUUID() + "\"}";
		String id = this.client.post().uri("/webhooks/open").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isAccepted()
			.expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> this.client.get().uri("/tao/deliveries/open/{id}", id)
			.header("Authorization", "Bearer test-api-token")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("completed")
			.jsonPath("$.handlerCalls").isEqualTo(0)
			.jsonPath("$.unhandled").isEqualTo(true));
		// by source and the pattern of its mapping (the orient is the literal 'open'), never the delivery's trigram
		assertThat(this.registry.get("taobus.deliveries.unhandled").tag("source", "open").tag("pattern", "*|*|open")
			.counter().count()).isGreaterThanOrEqualTo(1);
		assertThat(output.getOut()).contains("Delivery open/" + id + " (nobody|home|open) matched no TAO handler");
	}

	@Test
	void healthProbesAndTheTaoEndpoint() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.components.tao.status").isEqualTo("UP")
			.jsonPath("$.components.tao.details.maxPendingDispatches").isEqualTo(10000);
		this.client.get().uri("/livez").exchange().expectStatus().isOk();
		this.client.get().uri("/readyz").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.components.tao.status").isEqualTo("UP");
		enterPortal("bob");
		this.client.get().uri("/actuator/tao").exchange().expectStatus().isOk()
			.expectBody()
			.jsonPath("$.handlers[?(@.name == 'BootstrapUserSession#lookUpUser')].pattern").isEqualTo(List.of("User|Find|Portal"))
			.jsonPath("$.handlers[?(@.name == 'BootstrapUserSession#lookUpUser')].kind").isEqualTo(List.of("async"))
			.jsonPath("$.handlers[?(@.name == 'BootstrapUserSession#lookUpUser')].errors")
			.value((errors) -> assertThat(((List<?>) errors).get(0)).isNotEqualTo(0));
		// its calls on the ledger, as GET /tao/handlers shows them, once the delivery's outcome is written
		String ledger = "$.handlers[?(@.name == 'BootstrapUserSession#lookUpUser')].ledger";
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> this.client.get().uri("/actuator/tao").exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.ledgerError").isEmpty()
			.jsonPath(ledger + ".calls").value((calls) -> assertThat(((Number) ((List<?>) calls).get(0)).longValue()).isPositive())
			.jsonPath(ledger + ".kind").isEqualTo(List.of("async"))
			.jsonPath(ledger + ".lastFailure.fingerprint").value((fingerprint) -> assertThat((List<?>) fingerprint).singleElement()
				.asString().hasSize(16))
			// a chained AppCon's async call is retried alone on the AppCon the ledger kept: retrying, not yet dead
			.jsonPath(ledger + ".retrying").value((retrying) -> assertThat(((Number) ((List<?>) retrying).get(0)).longValue()).isPositive())
			.jsonPath(ledger + ".dead").isEqualTo(List.of(0)));
	}

	@Test
	void randomTrigramsAddNoSeries() {
		post(Map.of("term", "warm", "action", "up", "orient", "now")).expectStatus().isAccepted().expectBody().returnResult();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		java.util.Set<io.micrometer.core.instrument.Meter.Id> before = meterIds();
		java.util.Set<String> terms = new java.util.HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String term = UUID.randomUUID().toString();
			terms.add(term);
			post(Map.of("term", term, "action", "a" + i, "orient", "o" + i)).expectStatus().isAccepted().expectBody().returnResult();
		}
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(30))).isTrue();
		java.util.Set<io.micrometer.core.instrument.Meter.Id> added = meterIds();
		added.removeAll(before);
		// the JVM may add series of its own meanwhile (a first GC cause, say); none may be ours or carry a request value
		assertThat(added).noneMatch((id) -> id.getName().startsWith("tao") || id.getName().startsWith("http"));
		assertThat(added).noneMatch((id) -> id.getTags().stream().anyMatch((tag) -> terms.contains(tag.getValue())));
	}

	java.util.Set<io.micrometer.core.instrument.Meter.Id> meterIds() {
		java.util.Set<io.micrometer.core.instrument.Meter.Id> ids = new java.util.HashSet<>();
		this.registry.getMeters().forEach((meter) -> ids.add(meter.getId()));
		return ids;
	}

	@Test
	void liveStreamDeliversExactlyTheMatchingAppCons() {
		String term = "Watch" + UUID.randomUUID().toString().substring(0, 8);
		Flux<ServerSentEvent<Map<String, Object>>> events = this.client.get()
			.uri("/tao/stream?term=" + term + "&orient=Portal")
			.header("Authorization", "Bearer test-api-token")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody();
		StepVerifier.create(events.filter((event) -> event.data() != null).map((event) -> event.data().get("term") + "|" + event.data().get("action")
				+ "|" + event.data().get("orient")).take(2))
			.then(() -> {
				post(Map.of("term", "Other", "action", "one", "orient", "Portal")).expectStatus().isAccepted().expectBody().returnResult();
				post(Map.of("term", term, "action", "two", "orient", "Elsewhere")).expectStatus().isAccepted().expectBody().returnResult();
				post(Map.of("term", term, "action", "three", "orient", "Portal")).expectStatus().isAccepted().expectBody().returnResult();
				post(Map.of("term", term, "action", "four", "orient", "Portal")).expectStatus().isAccepted().expectBody().returnResult();
			})
			.expectNext(term + "|three|Portal", term + "|four|Portal")
			.expectComplete()
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void liveStreamNeedsTheToken() {
		this.client.get().uri("/tao/stream").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/tao/stream").header("Authorization", "Bearer nope").exchange().expectStatus().isUnauthorized();
	}

}
