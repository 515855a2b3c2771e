package io.taobus.webhook;

import java.time.Duration;
import java.util.List;

import io.taobus.ingestion.BodyLimit;
import io.taobus.ingestion.IngestionProperties;
import io.taobus.webhook.provider.TestProviders;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source's body limit: by default what its provider's senders send (GitHub 25 MB, the others 1 MB),
 * {@code taobus.webhooks.max-body-size} for every source once it is set, and a source's own
 * {@code max-body-size} over both; each limit names the property to change, and a limit out of range
 * stops startup naming its property.
 */
class SourceBodyLimitTests {

	@Test
	void byDefaultEachSourceGetsWhatItsProviderSends() {
		assertThat(limit("github", null, null)).isEqualTo(new BodyLimit(25 << 20, "taobus.webhooks.sources.s.max-body-size"));
		assertThat(limit("stripe", null, null)).isEqualTo(new BodyLimit(1 << 20, "taobus.webhooks.sources.s.max-body-size"));
		assertThat(limit("none", null, null).bytes()).isEqualTo(IngestionProperties.DEFAULT_MAX_BODY_SIZE.toBytes());
		assertThat(limit("github", null, null)).hasToString("25MB");
	}

	@Test
	void theGlobalSettingIsEverySourcesLimitOnceSet() {
		assertThat(limit("github", null, DataSize.ofMegabytes(2))).isEqualTo(new BodyLimit(2 << 20, "taobus.webhooks.max-body-size"));
		assertThat(limit("stripe", null, DataSize.ofMegabytes(2))).isEqualTo(new BodyLimit(2 << 20, "taobus.webhooks.max-body-size"));
	}

	@Test
	void aSourcesOwnSettingWins() {
		assertThat(limit("github", DataSize.ofKilobytes(512), DataSize.ofMegabytes(2)))
			.isEqualTo(new BodyLimit(512 << 10, "taobus.webhooks.sources.s.max-body-size"));
		assertThat(limit("stripe", DataSize.ofMegabytes(30), null)).hasToString("30MB");
	}

	@Test
	void aLimitOutOfRangeStopsStartupNamingItsProperty() {
		assertThatThrownBy(() -> limit("github", DataSize.ofBytes(0), null))
			.hasMessage("taobus.webhooks.sources.s.max-body-size must be between 1B and 2GB, was 0B");
		assertThatThrownBy(() -> limit("github", null, DataSize.ofGigabytes(3)))
			.hasMessageStartingWith("taobus.webhooks.max-body-size must be between 1B and 2GB");
		assertThatThrownBy(() -> new IngestionProperties(DataSize.ofBytes(-1)))
			.hasMessageStartingWith("taobus.webhooks.max-body-size must be between 1B and 2GB");
		assertThat(new IngestionProperties(null).bodyLimit()).isEqualTo(new BodyLimit(1 << 20, "taobus.webhooks.max-body-size"));
	}

	private static BodyLimit limit(String type, @Nullable DataSize own, @Nullable DataSize global) {
		WebhookProperties.Source source = new WebhookProperties.Source(type, "a-secret-of-32-bytes-for-the-test",
				List.of(), Duration.ofMinutes(5), true, null, "hex", "", null, null, null, null, true, false, false, own);
		return WebhookSource.of("s", source, TestProviders.all(), global).bodyLimit();
	}

}
