package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.taobus.E2eSupport;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.tao.Kernel;
import io.taobus.webhook.provider.Delivery;
import io.taobus.webhook.provider.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limits of what a delivery may name: trigram axes and delivery ids of at most 256 characters
 * (400 above), and CloudEvents dedupe keys that cannot collide whatever the event's source holds.
 */
class IngestionLimitsTests {

	static final String SECRET = "a-github-secret-0123456789";

	final Kernel kernel = Kernel.builder().build();

	final WebhookIngestion ingestion = TestIngestion.of(
			Map.of("gh", WebhookSource.of("gh", source("github", SECRET), TestProviders.all()), "ce",
					WebhookSource.of("ce", source("cloudevents", "ce-token-0123456789"), TestProviders.all())),
			this.kernel, Clock.systemUTC());

	@AfterEach
	void close() {
		this.kernel.close();
	}

	static WebhookProperties.Source source(String type, String secret) {
		return new WebhookProperties.Source(type, secret, List.of(), Duration.ofMinutes(5), false, null, "hex", "", null,
				null, null, null);
	}

	Ingestion.Result github(String event, String deliveryId) {
		String body = "{\"ref\":\"refs/heads/main\",\"id\":\"" + deliveryId.hashCode() + event.length() + "\"}";
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-GitHub-Event", event);
		headers.set("X-GitHub-Delivery", deliveryId);
		headers.set("X-Hub-Signature-256", "sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, body)));
		return this.ingestion.ingest(this.ingestion.find("gh"),
				new Delivery("gh", headers, new LinkedMultiValueMap<>(), body.getBytes(StandardCharsets.UTF_8), Instant.now()),
				MediaType.APPLICATION_JSON, System.nanoTime(), UnaryOperator.identity()).block();
	}

	Ingestion.Result cloudEvent(String source, String id) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("Authorization", "Bearer ce-token-0123456789");
		headers.set("ce-specversion", "1.0");
		headers.set("ce-type", "com.example.happened");
		headers.set("ce-source", source);
		headers.set("ce-id", id);
		return this.ingestion.ingest(this.ingestion.find("ce"),
				new Delivery("ce", headers, new LinkedMultiValueMap<>(), "{}".getBytes(StandardCharsets.UTF_8), Instant.now()),
				MediaType.APPLICATION_JSON, System.nanoTime(), UnaryOperator.identity()).block();
	}

	static void isMalformed(Runnable call, String detail) {
		isRefused(call, detail, "256");
	}

	static void isRefused(Runnable call, String... details) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(IngestionException.class, (ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(ex.outcome()).isEqualTo(IngestionOutcome.MALFORMED);
			assertThat(ex.getMessage()).contains(details);
		});
	}

	@Test
	void anAxisOrDeliveryIdOf256CharactersPassesAndOneMoreIs400() {
		assertThat(github("e".repeat(256), "d".repeat(256))).isInstanceOf(Ingestion.Result.Accepted.class);
		isMalformed(() -> github("e".repeat(257), "id-1"), "term");
		isMalformed(() -> github("push", "d".repeat(257)), "delivery id");
		isMalformed(() -> cloudEvent("s".repeat(257), "1"), "CloudEvents source");
		isMalformed(() -> cloudEvent("/s", "i".repeat(257)), "CloudEvents id");
		// escaped, a source of 256 '#' is 768 characters: with a 256-character id the key passes 1,024
		isRefused(() -> cloudEvent("#".repeat(256), "i".repeat(256)), "1024");
	}

	@Test
	void cloudEventKeysCannotCollide() {
		assertThat(cloudEvent("a#b", "c")).isInstanceOf(Ingestion.Result.Accepted.class);
		assertThat(cloudEvent("a", "b#c")).isInstanceOfSatisfying(Ingestion.Result.Accepted.class,
				(accepted) -> assertThat(accepted.acknowledgement().id()).isEqualTo("a#b#c"));
		assertThat(cloudEvent("a#b", "c")).isInstanceOf(Ingestion.Result.Duplicate.class);
	}

	@Test
	void aControlCharacterInAnAxisOrDeliveryIdIs400() {
		isRefused(() -> github("push\nINFO forged line", "id-2"), "control character (U+000A)");
		isRefused(() -> github("push", "id\u0000"), "control character (U+0000)");
		isRefused(() -> cloudEvent("/s", "id\r"), "control character (U+000D)");
	}

}
