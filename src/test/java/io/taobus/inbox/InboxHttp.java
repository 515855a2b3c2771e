package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.taobus.handler.TaoInline;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.AppCon;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the inbox's end-to-end tests share: a signed GitHub delivery posted over real HTTP, handlers
 * that record each run's metadata ({@code push}) or throw ({@code explode}), and an operator's replay of
 * a fixed handler's failures.
 */
final class InboxHttp {

	static final String SECRET = "It's a Secret to Everybody";

	static final String TOKEN = "Bearer test-api-token";

	private InboxHttp() {
	}

	/** Puts the embedded store of the test's context in a fresh directory, for a {@code @DynamicPropertySource}. */
	static void freshDirectory(DynamicPropertyRegistry registry) {
		registry.add("taobus.inbox.directory", () -> "target/e2e-inbox/" + UUID.randomUUID());
	}

	static WebTestClient.ResponseSpec deliver(WebTestClient client, String id, String event) {
		String body = "{\"ref\":\"refs/heads/main\",\"id\":\"" + id + "\"}";
		return client.post()
			.uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Event", event)
			.header("X-GitHub-Delivery", id)
			.header("X-Hub-Signature-256", "sha256=" + hmac(body))
			.bodyValue(body)
			.exchange();
	}

	static WebTestClient.BodyContentSpec delivery(WebTestClient client, String id) {
		return client.get().uri("/tao/deliveries/github/{id}", id).header("Authorization", TOKEN).exchange()
			.expectStatus().isOk().expectBody();
	}

	static String status(WebTestClient client, String id) {
		byte[] body = client.get().uri("/tao/deliveries/github/{id}", id).header("Authorization", TOKEN).exchange()
			.expectBody().returnResult().getResponseBody();
		String json = (body != null) ? new String(body, StandardCharsets.UTF_8) : "";
		int at = json.indexOf("\"status\":\"");
		return (at < 0) ? "unknown" : json.substring(at + 10, json.indexOf('"', at + 10));
	}

	/**
	 * An operator finds a failing handler and replays its failures once it is fixed, over real HTTP: a
	 * delivery whose {@code explode} handler throws is failed; {@code GET /tao/handlers} names the handler
	 * with its failures and last error class; {@code GET /tao/deliveries?handler=} lists the delivery (an
	 * unknown handler lists none); a preview of the replay counts it and marks nothing; once the handler is
	 * fixed, one replay by handler runs it again, to completed on its second run.
	 */
	static void operatorReplaysAFixedHandlersFailures(WebTestClient client, Handlers handlers, String id) {
		handlers.armed = true;
		Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		deliver(client, id, "explode").expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> status(client, id).equals("failed"));
		String handler = "Handlers#explode";
		String figures = "$.handlers[?(@.handler == '" + handler + "')]";
		client.get().uri("/tao/handlers").header("Authorization", TOKEN).exchange().expectStatus().isOk().expectBody()
			.jsonPath(figures + ".pattern").isEqualTo(List.of("explode|*|*"))
			.jsonPath(figures + ".kind").isEqualTo(List.of("inline"))
			.jsonPath(figures + ".failed").value((failed) -> assertThat((List<?>) failed).singleElement()
				.satisfies((count) -> assertThat(((Number) count).intValue()).isPositive()))
			.jsonPath(figures + ".lastFailure.errorClass").isEqualTo(List.of("java.lang.IllegalStateException"));
		client.get().uri("/tao/handlers").exchange().expectStatus().isUnauthorized();
		client.get().uri("/tao/deliveries?handler={handler}&since={from}", handler, from).header("Authorization", TOKEN)
			.exchange().expectStatus().isOk().expectBody().jsonPath("$.deliveries[*].deliveryId").isEqualTo(List.of(id));
		client.get().uri("/tao/deliveries?handler=no-such-handler").header("Authorization", TOKEN).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.deliveries").isEmpty();
		String filter = "\"handler\":\"" + handler + "\",\"from\":\"" + from + "\"";
		replay(client, "{" + filter + ",\"preview\":true}").expectStatus().isOk().expectBody()
			.jsonPath("$.count").isEqualTo(1).jsonPath("$.preview").isEqualTo(true);
		assertThat(status(client, id)).isEqualTo("failed");
		handlers.armed = false;
		try {
			replay(client, "{" + filter + "}").expectStatus().isAccepted().expectBody().jsonPath("$.count").isEqualTo(1);
			await().atMost(Duration.ofSeconds(20)).until(() -> status(client, id).equals("completed"));
		}
		finally {
			handlers.armed = true; // as the other tests of the context expect it
		}
		delivery(client, id).jsonPath("$.attempts").isEqualTo(2);
		assertThat(handlers.runsOf(id)).isEqualTo(2);
		client.get().uri("/tao/deliveries?handler={handler}&since={from}", handler, from).header("Authorization", TOKEN)
			.exchange().expectStatus().isOk().expectBody().jsonPath("$.deliveries").isEmpty();
	}

	static WebTestClient.ResponseSpec replay(WebTestClient client, String body) {
		return client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	static String hmac(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Records the metadata of every run of a {@code push}; {@code explode} throws until disarmed. */
	static final class Handlers {

		final List<DeliveryMetadata> runs = new CopyOnWriteArrayList<>();

		volatile boolean armed = true;

		@TaoInline(term = "push")
		void push(AppCon appCon) {
			this.runs.add((DeliveryMetadata) appCon.orientData());
		}

		@TaoInline(term = "explode")
		void explode(AppCon appCon) {
			this.runs.add((DeliveryMetadata) appCon.orientData());
			if (this.armed) {
				throw new IllegalStateException("exploded");
			}
		}

		long runsOf(String id) {
			return this.runs.stream().filter((run) -> run.deliveryId().equals(id)).count();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Handlers inboxHandlers() {
			return new Handlers();
		}

	}

}
