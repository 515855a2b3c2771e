package io.taobus.api;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.taobus.E2eSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /tao/appcons}: the bearer token, the body shape, idempotency. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(E2eSupport.Config.class)
class AppConApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	E2eSupport.Recording recording;

	WebTestClient.RequestBodySpec post(String token) {
		WebTestClient.RequestBodySpec spec = this.client.post().uri("/tao/appcons").contentType(MediaType.APPLICATION_JSON);
		return (token != null) ? spec.header("Authorization", "Bearer " + token) : spec;
	}

	@Test
	void acceptsAnAppConWithDataForEachAxis() {
		String term = "Invoice" + UUID.randomUUID();
		post("test-api-token").bodyValue(Map.of("term", term, "action", "Pay", "orient", "Portal", "data",
				Map.of("term", Map.of("amount", 5), "action", "now", "orient", "web")))
			.exchange()
			.expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.source").isEqualTo("api")
			.jsonPath("$.term").isEqualTo(term)
			.jsonPath("$.id").exists();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.recording.of(term).isEmpty());
		E2eSupport.Seen seen = this.recording.of(term).get(0);
		assertThat(seen.appCon().data()).containsEntry(term, Map.of("amount", 5)).containsEntry("Pay", "now")
			.containsEntry("Portal", "web");
		assertThat(seen.virtualThread()).isTrue();
	}

	@Test
	void missingOrWrongTokenIs401WithAChallenge() {
		for (String token : new String[] { null, "wrong" }) {
			post(token).bodyValue(Map.of("term", "a", "action", "b", "orient", "c"))
				.exchange()
				.expectStatus().isUnauthorized()
				.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"taobus\"")
				.expectBody().jsonPath("$.outcome").isEqualTo("unauthorized");
		}
	}

	@Test
	void badShapesAre400() {
		for (Object body : new Object[] { Map.of("action", "b", "orient", "c"), Map.of("term", "*", "action", "b", "orient", "c"),
				Map.of("term", 5, "action", "b", "orient", "c"), Map.of("term", "a", "action", "b", "orient", "c", "data", 7),
				java.util.List.of(1) }) {
			post("test-api-token").bodyValue(body).exchange().expectStatus().isBadRequest()
				.expectBody().jsonPath("$.outcome").isEqualTo("malformed");
		}
	}

	@Test
	void anAxisOrIdempotencyKeyLongerThan256CharactersIs400() {
		String longName = "x".repeat(257);
		for (Object body : new Object[] { Map.of("term", longName, "action", "b", "orient", "c"),
				Map.of("term", "a", "action", longName, "orient", "c"), Map.of("term", "a", "action", "b", "orient", longName) }) {
			post("test-api-token").bodyValue(body).exchange().expectStatus().isBadRequest()
				.expectBody().jsonPath("$.outcome").isEqualTo("malformed")
				.jsonPath("$.detail").value((detail) -> assertThat(detail.toString()).contains("256"));
		}
		post("test-api-token").header("Idempotency-Key", longName).bodyValue(Map.of("term", "a", "action", "b", "orient", "c"))
			.exchange().expectStatus().isBadRequest();
		post("test-api-token").bodyValue(Map.of("term", "x".repeat(256), "action", "b", "orient", "c"))
			.exchange().expectStatus().isAccepted();
	}

	@Test
	void formIsNotAcceptedHere() {
		this.client.post()
			.uri("/tao/appcons")
			.header("Authorization", "Bearer test-api-token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("term=a")
			.exchange()
			.expectStatus().isEqualTo(415);
	}

	@Test
	void idempotencyKeyMakesARetryADuplicate() {
		String key = UUID.randomUUID().toString();
		for (int attempt = 0; attempt < 2; attempt++) {
			post("test-api-token").header("Idempotency-Key", key)
				.bodyValue(Map.of("term", "Retry", "action", "Once", "orient", "Portal"))
				.exchange()
				.expectStatus().isEqualTo((attempt == 0) ? 202 : 200)
				.expectBody().jsonPath("$.id").isEqualTo(key);
		}
	}

}
