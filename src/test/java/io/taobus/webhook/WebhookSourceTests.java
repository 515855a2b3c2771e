package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.webhook.provider.Delivery;
import io.taobus.webhook.provider.TestProviders;
import io.taobus.webhook.provider.WebhookProvider;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Startup checks of a configured source: a source that could let an unverified delivery in does not
 * start, nor one of a type no provider has, and its type is spelled as Spring Boot spells an enum.
 */
class WebhookSourceTests {

	static WebhookProperties.Source source(String type, String secret, boolean allowUnsigned, String header,
			String encoding) {
		return new WebhookProperties.Source(type, secret, List.of(), Duration.ofMinutes(5), allowUnsigned, header, encoding,
				"", null, null, null, null);
	}

	static WebhookSource compile(WebhookProperties.Source source) {
		return WebhookSource.of("s", source, TestProviders.all());
	}

	@Test
	void noneNeedsAllowUnsigned() {
		assertThatThrownBy(() -> compile(source("none", null, false, null, "hex"))).hasMessageContaining("allow-unsigned");
		assertThat(compile(source("none", null, true, null, "hex")).verifier()).isNotNull();
	}

	@Test
	void signedTypesNeedASecret() {
		for (WebhookProvider provider : TestProviders.all().all()) {
			if (provider.signed()) {
				assertThatThrownBy(() -> compile(source(provider.type(), " ", false, "X-Sig", "hex")))
					.hasMessageContaining("of type " + provider.type() + " needs a secret")
					.hasMessageContaining("TAOBUS_WEBHOOKS_SOURCES_S_SECRET");
			}
		}
	}

	@Test
	void genericHmacNeedsAHeaderAndAKnownEncoding() {
		assertThatThrownBy(() -> compile(source("hmac-sha256", "k", false, null, "hex"))).hasMessageContaining("needs a header");
		assertThatThrownBy(() -> compile(source("hmac-sha256", "k", false, "X-Sig", "base32")))
			.hasMessageContaining("hex or base64");
	}

	@Test
	void anUnknownOrMissingTypeIsRefusedNamingTheValidOnes() {
		assertThatThrownBy(() -> compile(source("gitlab", "k", false, null, "hex")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("source 's' has an unknown type 'gitlab': taobus.webhooks.sources.s.type is one of github, stripe,"
					+ " slack, shopify, standard-webhooks, cloudevents, hmac-sha256, none");
		assertThatThrownBy(() -> compile(source(null, "k", false, null, "hex"))).hasMessageStartingWith("source 's' needs a type")
			.hasMessageContaining("one of github,");
	}

	@Test
	void aTypeIsSpelledAsSpringBootSpellsAnEnum() {
		for (String spelling : List.of("standard-webhooks", "STANDARD_WEBHOOKS", "Standard_Webhooks", "standardwebhooks")) {
			assertThat(compile(source(spelling, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false, null, "hex")).provider()
				.type()).isEqualTo("standard-webhooks");
		}
		assertThat(compile(source("HMAC_SHA256", "k", false, "X-Sig", "hex")).provider().type()).isEqualTo("hmac-sha256");
		assertThat(compile(source("GitHub", "k", false, null, "hex")).provider().type()).isEqualTo("github");
	}

	@Test
	void aCloudEventsSourceTakesTheTokenFromTheHeaderOnlyByDefault() {
		Delivery query = new Delivery("ce", new HttpHeaders(), new LinkedMultiValueMap<>(), "{}".getBytes(StandardCharsets.UTF_8),
				Instant.now());
		query.query().add("access_token", "ce-token");
		assertThatThrownBy(() -> compile(source("cloudevents", "ce-token", false, null, "hex")).verifier()
			.verify(query, Instant.now()))
			.isInstanceOfSatisfying(IngestionException.class,
					(ex) -> assertThat(ex.outcome()).isEqualTo(IngestionOutcome.INVALID_SIGNATURE));
	}

	@Test
	void theMappingPatternKeepsTheLiteralAxesOnly() {
		assertThat(WebhookSource.of("gh", source("github", "k", false, null, "hex"), TestProviders.all()).mappingPattern())
			.hasToString("*|*|github");
		WebhookProperties.Source billing = new WebhookProperties.Source("none", null, List.of(), Duration.ofMinutes(5),
				true, null, "hex", "", "invoice", "json:/status|paid", null, null);
		assertThat(WebhookSource.of("billing", billing, TestProviders.all()).mappingPattern()).hasToString("invoice|*|billing");
	}

	@Test
	void mappingExpressionsAreCheckedAtStartup() {
		WebhookProperties.Source bad = new WebhookProperties.Source("github", "k", List.of(), Duration.ofMinutes(5),
				false, null, "hex", "", "json:type", null, null, null);
		assertThatThrownBy(() -> WebhookSource.of("gh", bad, TestProviders.all())).hasMessageContaining("JSON Pointer");
	}

}
