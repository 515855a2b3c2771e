package io.taobus.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

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

	@Autowired
	DeliveryLedger ledger;

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

	@Test
	void withoutAnIdempotencyKeyNothingIsKeptForDedupe() {
		String id = post("test-api-token").bodyValue(Map.of("term", "Unkeyed", "action", "Once", "orient", "Portal"))
			.exchange()
			.expectStatus().isAccepted()
			.returnResult(Map.class).getResponseBody().blockFirst().get("id").toString();
		Acknowledgement probe = new Acknowledgement(id, "api", "Unkeyed", "Once", "Portal", null);
		// the ledger has no entry under the generated id: the probe is the first to record it
		assertThat(this.ledger.recordIfAbsent("api\n" + id, probe)).isNull();
		String key = UUID.randomUUID().toString();
		post("test-api-token").header("Idempotency-Key", key)
			.bodyValue(Map.of("term", "Keyed", "action", "Once", "orient", "Portal"))
			.exchange()
			.expectStatus().isAccepted();
		assertThat(this.ledger.recordIfAbsent("api\n" + key, probe)).isNotNull();
	}

}
