package io.taobus.test;

import java.time.Instant;
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

/**
 * The test kit's signer against the service's real verifiers, over HTTP: a delivery it signs for each
 * provider is accepted, and one it signs with another secret, or too long ago, is refused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(E2eSupport.Config.class)
class WebhookSignerTests {

	private static final String JSON = "{\"id\":\"%s\",\"type\":\"invoice.paid\",\"data\":{}}";

	@Autowired
	WebTestClient client;

	@Test
	void eachProvidersSignatureIsAccepted() {
		post("github", MediaType.APPLICATION_JSON, json(),
				WebhookSigner.github("It's a Secret to Everybody").event("push")).expectStatus().isAccepted()
			.expectBody().jsonPath("$.term").isEqualTo("push");
		post("stripe", MediaType.APPLICATION_JSON, json(), WebhookSigner.stripe("whsec_test_secret")).expectStatus()
			.isAccepted().expectBody().jsonPath("$.action").isEqualTo("paid");
		post("shopify", MediaType.APPLICATION_JSON, json(),
				WebhookSigner.shopify("It's a Secret to Everybody").event("orders/create")).expectStatus().isAccepted()
			.expectBody().jsonPath("$.term").isEqualTo("orders");
		post("sw", MediaType.APPLICATION_JSON, json(),
				WebhookSigner.standardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").deliveryId("msg_" + UUID.randomUUID()))
			.expectStatus().isAccepted();
		post("slack", MediaType.APPLICATION_FORM_URLENCODED,
				"command=%2Fdeploy&text=now&user_id=U1&trigger_id=" + UUID.randomUUID(),
				WebhookSigner.slack("8f742231b10e8888abcd99yyyzzz85a5")).expectStatus().isAccepted()
			.expectBody().jsonPath("$.term").isEqualTo("/deploy");
	}

	@Test
	void aSignatureWithAnotherSecretOrFromLongAgoIsRefused() {
		post("github", MediaType.APPLICATION_JSON, json(), WebhookSigner.github("another secret")).expectStatus()
			.isUnauthorized();
		post("stripe", MediaType.APPLICATION_JSON, json(),
				WebhookSigner.stripe("whsec_test_secret").at(Instant.now().minusSeconds(3600))).expectStatus().isUnauthorized();
	}

	private static String json() {
		return JSON.formatted("evt_" + UUID.randomUUID());
	}

	private WebTestClient.ResponseSpec post(String source, MediaType type, String body, WebhookSigner signer) {
		return this.client.post().uri("/webhooks/" + source).contentType(type).headers(signer.signing(body))
			.bodyValue(body).exchange();
	}

}
