package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.taobus.E2eSupport;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
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
 * The replay defence of the schemes that sign the body alone (GitHub, Shopify, generic HMAC): a
 * captured delivery posted again under a fresh, unsigned delivery id is answered as a duplicate of the
 * first and runs nothing; per source it can be turned off; a body that was refused (429, 503) is not
 * remembered.
 */
class ReplayProtectionTests {

	static final String SECRET = "a-github-secret-0123456789";

	final Kernel kernel = Kernel.builder().build();

	final List<String> handled = new CopyOnWriteArrayList<>();

	ReplayProtectionTests() {
		this.kernel.addInlineHandler(Trigram.of(null, null, null),
				(appCon) -> {
					this.handled.add(((DeliveryMetadata) appCon.orientData()).deliveryId());
					return null;
				});
	}

	@AfterEach
	void close() {
		this.kernel.close();
	}

	static WebhookProperties.Source github(boolean replayProtection) {
		return new WebhookProperties.Source("github", SECRET, List.of(), Duration.ofMinutes(5), false, null, "hex",
				"", null, null, null, null, replayProtection, false, false, null);
	}

	WebhookIngestion ingestion(Kernel kernel, WebhookProperties.Source source) {
		return TestIngestion.of(Map.of("gh", WebhookSource.of("gh", source, TestProviders.all())), kernel, Clock.systemUTC());
	}

	static Delivery signed(String body, String deliveryId) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-GitHub-Event", "push");
		headers.set("X-GitHub-Delivery", deliveryId);
		headers.set("X-Hub-Signature-256", "sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, body)));
		return new Delivery("gh", headers, new LinkedMultiValueMap<>(), body.getBytes(StandardCharsets.UTF_8), Instant.now());
	}

	Ingestion.Result ingest(WebhookIngestion ingestion, Delivery delivery) {
		return ingestion.ingest(ingestion.find("gh"), delivery, MediaType.APPLICATION_JSON, System.nanoTime(),
				UnaryOperator.identity()).block();
	}

	@Test
	void aKnownBodyUnderAFreshDeliveryIdIsADuplicateOfTheFirst() {
		WebhookIngestion ingestion = ingestion(this.kernel, github(true));
		String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + UUID.randomUUID() + "\"}";
		assertThat(ingest(ingestion, signed(body, "first"))).isInstanceOf(Ingestion.Result.Accepted.class);
		Ingestion.Result replay = ingest(ingestion, signed(body, "forged-fresh-id"));
		assertThat(replay).isInstanceOfSatisfying(Ingestion.Result.Duplicate.class, (duplicate) -> {
			assertThat(duplicate.acknowledgement().id()).isEqualTo("first");
			assertThat(duplicate.acknowledgement().duplicate()).isTrue();
		});
		// the sender's own retry of the first delivery is still a plain duplicate
		assertThat(ingest(ingestion, signed(body, "first"))).isInstanceOf(Ingestion.Result.Duplicate.class);
		// another body under another id is a new delivery
		assertThat(ingest(ingestion, signed(body.replace("main", "dev"), "second")))
			.isInstanceOf(Ingestion.Result.Accepted.class);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.handled).containsExactlyInAnyOrder("first", "second");
	}

	@Test
	void theSourceMayTurnItOff() {
		WebhookIngestion ingestion = ingestion(this.kernel, github(false));
		String body = "{\"zen\":\"same body, two deliveries\"}";
		assertThat(ingest(ingestion, signed(body, "one"))).isInstanceOf(Ingestion.Result.Accepted.class);
		assertThat(ingest(ingestion, signed(body, "two"))).isInstanceOf(Ingestion.Result.Accepted.class);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.handled).containsExactlyInAnyOrder("one", "two");
	}

	@Test
	void itIsOnByDefaultForBodyOnlySchemesOnly() {
		assertThat(WebhookSource.of("gh", github(true), TestProviders.all()).replayProtection()).isTrue();
		WebhookProperties.Source shopify = new WebhookProperties.Source("shopify", SECRET, List.of(),
				Duration.ofMinutes(5), false, null, "hex", "", null, null, null, null);
		assertThat(WebhookSource.of("shop", shopify, TestProviders.all()).replayProtection()).isTrue();
		WebhookProperties.Source stripe = new WebhookProperties.Source("stripe", SECRET, List.of(),
				Duration.ofMinutes(5), false, null, "hex", "", null, null, null, null);
		// Stripe signs a timestamp with the body: its tolerance bounds a replay
		assertThat(WebhookSource.of("pay", stripe, TestProviders.all()).replayProtection()).isFalse();
	}

	@Test
	void aBodyRefusedByTheBusIsNotRemembered() {
		Kernel closed = Kernel.builder().build();
		closed.close();
		// one guard for both: a process whose bus refused the body, then accepts its retry
		ReplayGuard replays = new ReplayGuard(Duration.ofHours(1), 100);
		Map<String, WebhookSource> sources = Map.of("gh", WebhookSource.of("gh", github(true), TestProviders.all()));
		String body = "{\"ref\":\"refs/heads/refused\"}";
		assertThatThrownBy(() -> ingest(TestIngestion.of(sources, closed, Clock.systemUTC(), replays), signed(body, "refused")))
			.isInstanceOfSatisfying(IngestionException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		assertThat(replays.entries()).isZero();
		// the sender retries later with the same id (GitHub: a manual redelivery) or a fresh one: accepted
		assertThat(ingest(TestIngestion.of(sources, this.kernel, Clock.systemUTC(), replays), signed(body, "retried")))
			.isInstanceOf(Ingestion.Result.Accepted.class);
		assertThat(replays.entries()).isOne();
	}

}
