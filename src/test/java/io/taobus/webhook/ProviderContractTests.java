package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.taobus.E2eSupport;
import io.taobus.ingestion.Acknowledgement;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.tao.Kernel;
import io.taobus.webhook.provider.Delivery;
import io.taobus.webhook.provider.TestProviders;
import io.taobus.webhook.provider.WebhookProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every provider keeps, through the real pipeline of a configured source: a delivery
 * signed the way the provider signs (with {@code javax.crypto}, never the code under test) is accepted
 * with its default mapping's trigram and delivery id, and the same delivery tampered with is a 401.
 * A provider without a case here fails {@link #everyProviderHasACase}: adding a provider is adding its
 * file and its case. The published vectors of each scheme are {@code VerifierTests}'.
 */
class ProviderContractTests {

	static final String SECRET = "contract-secret-0123456789";

	static final String SW_KEY = Base64.getEncoder().encodeToString("contract-standard-webhooks-key".getBytes(StandardCharsets.UTF_8));

	static final long NOW = 1_700_000_000L;

	static final Kernel KERNEL = Kernel.builder().build();

	@AfterAll
	static void closeKernel() {
		KERNEL.close();
	}

	static Stream<Case> cases() {
		String ts = Long.toString(NOW);
		String gh = "{\"action\":\"opened\",\"number\":1}";
		String stripe = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";
		String slack = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"app_mention\"}}";
		String sw = "{\"type\":\"invoice.paid\"}";
		String generic = "{\"type\":\"build.done\"}";
		return Stream.of(
				new Case("github", "gh", source("github", SECRET), gh, Map.of("X-GitHub-Event", "pull_request",
						"X-GitHub-Delivery", "gh-1", "X-Hub-Signature-256", "sha256=" + hex(SECRET, gh)),
						new Acknowledgement("gh-1", "gh", "pull_request", "opened", "github", null)),
				new Case("stripe", "pay", source("stripe", SECRET), stripe,
						Map.of("Stripe-Signature", "t=" + ts + ",v1=" + hex(SECRET, ts + "." + stripe)),
						new Acknowledgement("evt_1", "pay", "payment_intent", "succeeded", "pay", null)),
				new Case("slack", "chat", source("slack", SECRET), slack, Map.of("X-Slack-Request-Timestamp", ts,
						"X-Slack-Signature", "v0=" + hex(SECRET, "v0:" + ts + ":" + slack)),
						new Acknowledgement("Ev1", "chat", "app_mention", "received", "chat", null)),
				new Case("shopify", "shop", source("shopify", SECRET), "{\"id\":1}", Map.of("X-Shopify-Topic", "orders/create",
						"X-Shopify-Webhook-Id", "shop-1", "X-Shopify-Hmac-SHA256",
						Base64.getEncoder().encodeToString(E2eSupport.hmac(SECRET, "{\"id\":1}"))),
						new Acknowledgement("shop-1", "shop", "orders", "create", "shop", null)),
				new Case("standard-webhooks", "sw", source("standard-webhooks", "whsec_" + SW_KEY), sw, Map.of("webhook-id",
						"msg_1", "webhook-timestamp", ts, "webhook-signature", "v1," + Base64.getEncoder()
							.encodeToString(E2eSupport.hmac(Base64.getDecoder().decode(SW_KEY), "msg_1." + ts + "." + sw))),
						new Acknowledgement("msg_1", "sw", "invoice", "paid", "sw", null)),
				new Case("cloudevents", "ce", source("cloudevents", SECRET), "{\"order\":7}", Map.of("ce-specversion", "1.0",
						"ce-id", "A1", "ce-source", "/orders", "ce-type", "com.acme.order.created", "Authorization",
						"Bearer " + SECRET), new Acknowledgement("/orders#A1", "ce", "com.acme.order", "created", "ce", null)),
				new Case("hmac-sha256", "ci", new WebhookProperties.Source("hmac-sha256", SECRET, List.of(),
						Duration.ofMinutes(5), false, "X-Signature", "base64", "sha256=", null, null, null, null), generic,
						Map.of("X-Signature", "sha256=" + Base64.getEncoder().encodeToString(E2eSupport.hmac(SECRET, generic))),
						new Acknowledgement(bodyHash(generic), "ci", "build", "done", "ci", null)),
				new Case("none", "open", new WebhookProperties.Source("none", null, List.of(), Duration.ofMinutes(5), true,
						null, "hex", "", null, null, null, null), "{\"type\":\"ping.sent\"}", Map.of(),
						new Acknowledgement(bodyHash("{\"type\":\"ping.sent\"}"), "open", "ping", "sent", "open", null)));
	}

	@Test
	void everyProviderHasACase() {
		assertThat(cases().map(Case::type)).containsExactlyInAnyOrderElementsOf(
				TestProviders.all().all().stream().map(WebhookProvider::type).toList());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void aSignedDeliveryIsAcceptedWithTheDefaultMappingAndItsDeliveryId(Case c) {
		assertThat(c.ingest(c.headers(), c.body())).isInstanceOfSatisfying(Ingestion.Result.Accepted.class,
				(accepted) -> assertThat(accepted.acknowledgement()).isEqualTo(c.expected()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void aTamperedDeliveryIsRefused(Case c) {
		if (!c.provider().signed()) {
			assertThat(c.type()).isEqualTo("none");
			return;
		}
		Map<String, String> headers = new LinkedHashMap<>(c.headers());
		// a bearer token covers no byte of the body: the token itself is what a forger changes
		headers.computeIfPresent("Authorization", (name, value) -> value + "x");
		String body = c.type().equals("cloudevents") ? c.body() : c.body().replace("{", "{ ");
		assertThatThrownBy(() -> c.ingest(headers, body)).isInstanceOfSatisfying(IngestionException.class,
				(ex) -> assertThat(ex.outcome()).isEqualTo(IngestionOutcome.INVALID_SIGNATURE));
	}

	@Test
	void slacksUrlVerificationIsAnsweredWithItsChallengeAndNotDispatched() {
		String body = "{\"type\":\"url_verification\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}";
		String ts = Long.toString(NOW);
		Case slack = cases().filter((c) -> c.type().equals("slack")).findFirst().orElseThrow();
		assertThat(slack.ingest(Map.of("X-Slack-Request-Timestamp", ts, "X-Slack-Signature", "v0=" + hex(SECRET,
				"v0:" + ts + ":" + body)), body))
			.isEqualTo(new Ingestion.Result.Challenge("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
	}

	static WebhookProperties.Source source(String type, String secret) {
		return new WebhookProperties.Source(type, secret, List.of(), Duration.ofMinutes(5), false, null, "hex", "", null,
				null, null, null);
	}

	static String hex(String key, String signed) {
		return E2eSupport.hex(E2eSupport.hmac(key, signed));
	}

	static String bodyHash(String body) {
		return "sha256:" + WebhookIngestion.sha256(body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * One provider's signed delivery to a source of its type, and what it must become.
	 * @param type the provider's type
	 * @param name the source's name
	 * @param properties the source's configuration: its type, a secret, the defaults otherwise
	 * @param body the JSON body
	 * @param headers the headers as the provider sends them, signature included
	 * @param expected the acknowledgement: its delivery id and the default mapping's trigram
	 */
	record Case(String type, String name, WebhookProperties.Source properties, String body, Map<String, String> headers,
			Acknowledgement expected) {

		WebhookProvider provider() {
			return TestProviders.of(this.type);
		}

		Ingestion.Result ingest(Map<String, String> sent, String sentBody) {
			WebhookSource source = WebhookSource.of(this.name, this.properties, TestProviders.all());
			WebhookIngestion ingestion = TestIngestion.of(Map.of(this.name, source), KERNEL,
					Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
			HttpHeaders headers = new HttpHeaders();
			sent.forEach(headers::add);
			Delivery delivery = new Delivery(this.name, headers, new LinkedMultiValueMap<>(),
					sentBody.getBytes(StandardCharsets.UTF_8), Instant.ofEpochSecond(NOW));
			return ingestion.ingest(source, delivery, MediaType.APPLICATION_JSON, System.nanoTime(), UnaryOperator.identity())
				.block();
		}

		@Override
		public String toString() {
			return this.type;
		}

	}

}
