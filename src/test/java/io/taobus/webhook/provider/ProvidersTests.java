package io.taobus.webhook.provider;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The providers as the component scan finds them: one per type, in the order of their OpenAPI headers. */
class ProvidersTests {

	@Test
	void theScanFindsEveryProviderInItsOrder() {
		assertThat(TestProviders.all().all()).extracting(WebhookProvider::type).containsExactly("github", "stripe", "slack",
				"shopify", "standard-webhooks", "cloudevents", "hmac-sha256", "none");
	}

	@Test
	void twoProvidersOfOneTypeAreRefused() {
		assertThatThrownBy(() -> new Providers(List.of(new GitHubProvider(), new GitHubProvider())))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("two webhook providers of type github");
	}

	@Test
	void aTypeIsFoundWhateverItsCaseAndSeparators() {
		Providers providers = TestProviders.all();
		assertThat(providers.find("Standard_Webhooks")).isSameAs(providers.find("standard-webhooks"));
		assertThat(providers.find("gitlab")).isNull();
		assertThat(providers.find(null)).isNull();
	}

}
