package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import io.taobus.E2eSupport;
import io.taobus.inbox.MutableClock;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.AfterEach;
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

/**
 * Real signed deliveries of every source type, posted over HTTP to the running service: each is
 * acknowledged with 202 and its trigram, reaches a handler as an AppCon on a virtual thread, and is
 * answered 200 without running again when repeated.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(E2eSupport.Config.class)
class WebhookEndToEndTests {

	@Autowired
	WebTestClient client;

	@Autowired
	MutableClock clock;

	@Autowired
	E2eSupport.Recording recording;

	@Autowired
	Kernel kernel;

	@AfterEach
	void reset() {
		this.clock.set(Instant.now());
	}

	E2eSupport.Seen seen(String term, String deliveryId) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.recording.of(term).stream()
				.anyMatch((s) -> ((DeliveryMetadata) s.appCon().orientData()).deliveryId().equals(deliveryId)));
		return this.recording.of(term).stream()
			.filter((s) -> ((DeliveryMetadata) s.appCon().orientData()).deliveryId().equals(deliveryId))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void githubPushIsAcceptedDispatchedAndDeduped() {
		String delivery = UUID.randomUUID().toString();
		String body = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/app\"}}";
		String signature = "sha256=" + E2eSupport.hex(E2eSupport.hmac("It's a Secret to Everybody", body));
		for (int attempt = 0; attempt < 2; attempt++) {
			WebTestClient.BodyContentSpec response = this.client.post()
				.uri("/webhooks/github")
				.contentType(MediaType.APPLICATION_JSON)
				.header("X-GitHub-Event", "push")
				.header("X-GitHub-Delivery", delivery)
				.header("X-Hub-Signature-256", signature)
				.header("User-Agent", "GitHub-Hookshot/abc")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isEqualTo((attempt == 0) ? 202 : 200)
				.expectBody()
				.jsonPath("$.id").isEqualTo(delivery)
				.jsonPath("$.source").isEqualTo("github")
				.jsonPath("$.term").isEqualTo("push")
				.jsonPath("$.action").isEqualTo("received")
				.jsonPath("$.orient").isEqualTo("github");
			if (attempt == 0) {
				response.jsonPath("$.duplicate").doesNotExist();
			}
			else {
				response.jsonPath("$.duplicate").isEqualTo(true);
			}
		}
		E2eSupport.Seen seen = seen("push", delivery);
		assertThat(seen.virtualThread()).isTrue();
		assertThat(seen.appCon().termData()).isEqualTo(Map.of("ref", "refs/heads/main", "repository", Map.of("full_name", "acme/app")));
		DeliveryMetadata metadata = (DeliveryMetadata) seen.appCon().orientData();
		assertThat(metadata.source()).isEqualTo("github");
		assertThat(metadata.headers()).containsEntry("x-github-event", "push")
			.containsEntry("user-agent", "GitHub-Hookshot/abc")
			.doesNotContainKey("x-hub-signature-256");
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recording.of("push").stream()
			.filter((s) -> ((DeliveryMetadata) s.appCon().orientData()).deliveryId().equals(delivery))).hasSize(1);
	}

	@Test
	void standardWebhooksOfficialVectorWithAFixedClock() {
		this.clock.set(Instant.ofEpochSecond(1614265330));
		this.client.post()
			.uri("/webhooks/sw")
			.contentType(MediaType.APPLICATION_JSON)
			.header("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
			.header("webhook-timestamp", "1614265330")
			.header("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
			.bodyValue("{\"test\": 2432232314}")
			.exchange()
			.expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.id").isEqualTo("msg_p5jXN8AQM9LWM0D4loKWxJek")
			.jsonPath("$.term").isEqualTo("vector")
			.jsonPath("$.action").isEqualTo("received")
			.jsonPath("$.orient").isEqualTo("sw");
		assertThat(seen("vector", "msg_p5jXN8AQM9LWM0D4loKWxJek").appCon().termData()).isEqualTo(Map.of("test", 2432232314L));
	}

	@Test
	void stripeEventWithRotatedSecrets() {
		long now = 1_700_000_000L;
		this.clock.set(Instant.ofEpochSecond(now));
		String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"payment_intent.succeeded\",\"data\":{}}";
		String v1 = E2eSupport.hex(E2eSupport.hmac("whsec_test_secret", now + ".", body));
		this.client.post()
			.uri("/webhooks/stripe")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Stripe-Signature", "t=" + now + ",v1=" + v1 + ",v0=fake")
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.term").isEqualTo("payment_intent")
			.jsonPath("$.action").isEqualTo("succeeded")
			.jsonPath("$.orient").isEqualTo("stripe")
			.jsonPath("$.id").value((id) -> assertThat((String) id).startsWith("evt_"));
	}

	@Test
	void slackSlashCommandVectorAsAForm() {
		this.clock.set(Instant.ofEpochSecond(1531420618));
		String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
				+ "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
				+ "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
				+ "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
		this.client.post()
			.uri("/webhooks/slack")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header("X-Slack-Request-Timestamp", "1531420618")
			.header("X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.term").isEqualTo("/webhook-collect")
			.jsonPath("$.id").isEqualTo("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
		Map<?, ?> form = (Map<?, ?>) seen("/webhook-collect", "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
			.appCon().termData();
		assertThat(form.get("user_name")).isEqualTo("roadrunner");
		assertThat(form.get("text")).isEqualTo("");
	}

	@Test
	void slackUrlVerificationGetsItsChallengeBack() {
		long now = this.clock.instant().getEpochSecond();
		String body = "{\"token\":\"t\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
		String signature = "v0=" + E2eSupport.hex(E2eSupport.hmac("8f742231b10e8888abcd99yyyzzz85a5", "v0:" + now + ":", body));
		this.client.post()
			.uri("/webhooks/slack")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Slack-Request-Timestamp", String.valueOf(now))
			.header("X-Slack-Signature", signature)
			.bodyValue(body)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
	}

	@Test
	void shopifyTopicSplitsIntoTermAndAction() {
		String webhookId = UUID.randomUUID().toString();
		String body = "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}";
		String hmac = Base64.getEncoder().encodeToString(E2eSupport.hmac("It's a Secret to Everybody", body));
		this.client.post()
			.uri("/webhooks/shopify")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Shopify-Topic", "orders/create")
			.header("X-Shopify-Webhook-Id", webhookId)
			.header("X-Shopify-Hmac-SHA256", hmac)
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.term").isEqualTo("orders")
			.jsonPath("$.action").isEqualTo("create")
			.jsonPath("$.id").isEqualTo(webhookId);
	}

	@Test
	void cloudEventsInBinaryAndStructuredModeDedupeOnSourceAndId() {
		String id = UUID.randomUUID().toString();
		this.client.post()
			.uri("/webhooks/ce")
			.contentType(MediaType.parseMediaType("application/json; charset=utf-8"))
			.header("Authorization", "Bearer ce-token")
			.header("ce-specversion", "1.0")
			.header("ce-type", "com.example.someevent")
			.header("ce-source", "/mycontext/subcontext")
			.header("ce-id", id)
			.bodyValue("{\"amount\":5}")
			.exchange()
			.expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.term").isEqualTo("com.example")
			.jsonPath("$.action").isEqualTo("someevent")
			.jsonPath("$.id").isEqualTo("/mycontext/subcontext#" + id);
		String structured = "{\"specversion\":\"1.0\",\"type\":\"com.example.someevent\",\"source\":\"/mycontext/subcontext\","
				+ "\"id\":\"" + id + "\",\"data\":{\"amount\":5}}";
		this.client.post()
			.uri("/webhooks/ce?access_token=ce-token")
			.contentType(MediaType.parseMediaType("application/cloudevents+json; charset=UTF-8"))
			.bodyValue(structured)
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.duplicate").isEqualTo(true);
		E2eSupport.Seen seen = seen("com.example", "/mycontext/subcontext#" + id);
		assertThat(seen.appCon().termData()).isEqualTo(Map.of("amount", 5));
		assertThat(((DeliveryMetadata) seen.appCon().orientData()).headers()).containsEntry("ce-type", "com.example.someevent");
	}

	@Test
	void genericHmacAndUnsignedSourcesDedupeOnABodyHash() {
		String body = "{\"kind\":\"invoice\",\"n\":\"" + UUID.randomUUID() + "\"}";
		String signature = "sha256=" + Base64.getEncoder().encodeToString(E2eSupport.hmac("generic-secret", body));
		this.client.post()
			.uri("/webhooks/generic")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Signature", signature)
			.header("X-Action", "paid")
			.bodyValue(body)
			.exchange()
			.expectStatus().isAccepted()
			.expectBody()
			.jsonPath("$.term").isEqualTo("invoice")
			.jsonPath("$.action").isEqualTo("paid")
			.jsonPath("$.orient").isEqualTo("generic")
			.jsonPath("$.id").isEqualTo("sha256:" + WebhookIngestion.sha256(body.getBytes(StandardCharsets.UTF_8)));
		this.client.post()
			.uri("/webhooks/open")
			.contentType(MediaType.parseMediaType("application/vnd.acme+json"))
			.bodyValue("{\"type\":\"thing.happened\"}")
			.exchange()
			.expectStatus().isAccepted()
			.expectBody().jsonPath("$.term").isEqualTo("thing");
	}

}
