package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.webhook.provider.Delivery;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Startup checks: a source that could let an unverified delivery in does not start. */
class VerifiersTests {

	static WebhookProperties.Source source(SourceType type, String secret, boolean allowUnsigned, String header,
			String encoding) {
		return new WebhookProperties.Source(type, secret, List.of(), Duration.ofMinutes(5), allowUnsigned, header, encoding,
				"", null, null, null, null);
	}

	@Test
	void noneNeedsAllowUnsigned() {
		assertThatThrownBy(() -> Verifiers.of("open", source(SourceType.NONE, null, false, null, "hex")))
			.hasMessageContaining("allow-unsigned");
		assertThat(Verifiers.of("open", source(SourceType.NONE, null, true, null, "hex"))).isNotNull();
	}

	@Test
	void signedTypesNeedASecret() {
		for (SourceType type : SourceType.values()) {
			if (type != SourceType.NONE) {
				assertThatThrownBy(() -> Verifiers.of("s", source(type, " ", false, "X-Sig", "hex")))
					.hasMessageContaining("needs a secret");
			}
		}
	}

	@Test
	void genericHmacNeedsAHeaderAndAKnownEncoding() {
		assertThatThrownBy(() -> Verifiers.of("g", source(SourceType.HMAC_SHA256, "k", false, null, "hex")))
			.hasMessageContaining("needs a header");
		assertThatThrownBy(() -> Verifiers.of("g", source(SourceType.HMAC_SHA256, "k", false, "X-Sig", "base32")))
			.hasMessageContaining("hex or base64");
	}

	@Test
	void aCloudEventsSourceTakesTheTokenFromTheHeaderOnlyByDefault() {
		Delivery query = new Delivery("ce", new HttpHeaders(), new LinkedMultiValueMap<>(), "{}".getBytes(StandardCharsets.UTF_8),
				Instant.now());
		query.query().add("access_token", "ce-token");
		assertThatThrownBy(() -> Verifiers.of("ce", source(SourceType.CLOUDEVENTS, "ce-token", false, null, "hex"))
			.verify(query, Instant.now()))
			.isInstanceOfSatisfying(IngestionException.class,
					(ex) -> assertThat(ex.outcome()).isEqualTo(IngestionOutcome.INVALID_SIGNATURE));
	}

	@Test
	void mappingExpressionsAreCheckedAtStartup() {
		WebhookProperties.Source bad = new WebhookProperties.Source(SourceType.GITHUB, "k", List.of(), Duration.ofMinutes(5),
				false, null, "hex", "", "json:type", null, null, null);
		assertThatThrownBy(() -> WebhookSource.of("gh", bad)).hasMessageContaining("JSON Pointer");
	}

}
