package io.taobus.server.example;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.taobus.handler.TaoAsync;
import io.taobus.observability.OperationalAppCons.DeadCall;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "A handler that fails", on the service's default store (the embedded H2 file) through real
 * HTTP: the demonstration's {@code User|Find|Portal} set on its own fails, is retried twice (a backoff of
 * 1 ms here: no wait for a backoff, only for recovery's claim interval) and ends dead with its stack
 * fingerprint on the delivery's timeline, the bus sets {@code handler|dead|taobus} for it (heard by an
 * annotated handler bound to its {@link DeadCall}, as docs/handlers.md shows), and the gauge of dead calls
 * counts it; a replay runs it, and it dies, again.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "taobus.inbox.type=jdbc",
		"taobus.inbox.claim-interval=100ms", "taobus.example.lookup-backoff=1ms" })
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(FailingHandlerDemonstrationTests.Pager.class)
class FailingHandlerDemonstrationTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	static final String HANDLER = "BootstrapUserSession#lookUpUser";

	@DynamicPropertySource
	static void store(DynamicPropertyRegistry registry) {
		registry.add("taobus.inbox.directory", () -> "target/e2e-inbox/" + UUID.randomUUID());
	}

	@Autowired
	WebTestClient client;

	@Autowired
	Pager pager;

	@Test
	void theFailingLookupEndsDeadWithItsFingerprintAndIsFoundAsTheReadmeSays() {
		this.client.post().uri("/tao/appcons").header("Authorization", "Bearer test-api-token")
			.header("Idempotency-Key", "lookup-1").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("term", "User", "action", "Find", "orient", "Portal", "data", Map.of("term", Map.of("user", "alice"))))
			.exchange().expectStatus().isAccepted();

		JsonNode calls = await().atMost(WAIT).until(() -> delivery("api", "lookup-1").path("calls"),
				(timeline) -> timeline.size() == 3 && "dead".equals(timeline.get(2).path("status").asString()));
		assertThat(calls.values()).extracting((call) -> call.path("handler").asString()).containsOnly(HANDLER);
		assertThat(calls.values()).extracting((call) -> call.path("attempt").asInt()).containsExactly(1, 2, 3);
		JsonNode dead = calls.get(2);
		assertThat(dead.path("errorClass").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(dead.path("message").asString()).isEqualTo("I can't find Users now!");
		assertThat(dead.path("fingerprint").asString()).hasSize(16).isEqualTo(calls.get(0).path("fingerprint").asString());
		assertThat(delivery("api", "lookup-1").path("status").asString()).as("its cascade completed").isEqualTo("completed");

		await().atMost(WAIT).until(() -> this.pager.paged.size() == 1);
		DeadCall alert = this.pager.paged.getFirst();
		assertThat(alert.source()).isEqualTo("api");
		assertThat(alert.deliveryId()).isEqualTo("lookup-1");
		assertThat(alert.handler()).isEqualTo(HANDLER);
		assertThat(alert.fingerprint()).isEqualTo(dead.path("fingerprint").asString());
		await().atMost(WAIT).untilAsserted(() -> assertThat(scrape())
			.contains("taobus_inbox_calls_dead{handler=\"" + HANDLER + "\",kind=\"async\"} 1.0")
			.contains("taobus_calls_dead_total{handler=\"" + HANDLER + "\",kind=\"async\"} 1.0"));

		this.client.get().uri("/actuator/tao").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.handlers[?(@.name == '" + HANDLER + "')].ledger.dead").isEqualTo(List.of(1))
			.jsonPath("$.handlers[?(@.name == '" + HANDLER + "')].ledger.retrying").isEqualTo(List.of(0));

		// replayed (the handler is not fixed: it runs, and dies, again)
		this.client.post().uri("/tao/deliveries/api/lookup-1/replay").header("Authorization", "Bearer test-api-token")
			.exchange().expectStatus().is2xxSuccessful();
		await().atMost(WAIT).until(() -> delivery("api", "lookup-1").path("calls").size() == 6);
		await().atMost(WAIT).until(() -> this.pager.paged.size() == 2);
	}

	/** An alert as docs/handlers.md shows it: an ordinary async handler bound to the {@link DeadCall}. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Pager {

		final List<DeadCall> paged = new CopyOnWriteArrayList<>();

		@TaoAsync(term = "handler", action = "dead", orient = "taobus")
		void page(DeadCall dead) {
			this.paged.add(dead);
		}

	}

	private JsonNode delivery(String source, String id) {
		String body = this.client.get().uri("/tao/deliveries/{source}/{id}", source, id)
			.header("Authorization", "Bearer test-api-token").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		return JsonMapper.builder().build().readTree(body);
	}

	private String scrape() {
		return this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody();
	}

}
