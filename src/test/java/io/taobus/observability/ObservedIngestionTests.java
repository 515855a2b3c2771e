package io.taobus.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.taobus.server.example.BootstrapUserSession;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code taobus.observability.observe-ingestion-requests=true} the ingestion endpoints get Boot's
 * {@code http.server.requests} like every endpoint, and the handlers carry that request's trace.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "taobus.observability.observe-ingestion-requests=true")
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class ObservedIngestionTests {

	static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	@Autowired
	WebTestClient client;

	@Autowired
	Kernel kernel;

	@Autowired
	BootstrapUserSession example;

	@Test
	void requestsAreObservedAndTheirTraceReachesTheHandlers(CapturedOutput output) {
		long before = this.example.sessionsEntered();
		this.client.post()
			.uri("/tao/appcons")
			.header("Authorization", "Bearer test-api-token")
			.header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("term", "App", "action", "Enter", "orient", "Portal", "data",
					Map.of("term", Map.of("user", "observed-" + UUID.randomUUID()))))
			.exchange()
			.expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.example.sessionsEntered() > before);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(TRACE_ID));
		List<String> lines = output.getOut().lines().filter((line) -> line.contains(TRACE_ID)).toList();
		assertThat(lines).singleElement().asString().contains("failed for User|Find|Portal");
		String text = this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(text).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/tao/appcons\"")
			.doesNotContain("taobus_delivery_seconds");
	}

}
