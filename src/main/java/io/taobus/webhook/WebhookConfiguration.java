package io.taobus.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.taobus.dev.DevProfile;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionProperties;
import io.taobus.webhook.provider.ProviderConfiguration;
import io.taobus.webhook.provider.Providers;
import io.taobus.webhook.provider.WebhookProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Wires webhook ingestion: the providers (every {@link WebhookProvider} bean, in order: taobus's
 * own, {@link ProviderConfiguration}, and the application's), the
 * configured sources compiled at startup (so that a source that cannot be verified stops the
 * application with a clear message, and so does a development secret outside the dev profile), and the
 * pipeline of a webhook delivery with its replay guard and the synchronous replies of the sources that
 * answer with their handlers' response.
 */
@AutoConfiguration(afterName = "io.taobus.ingestion.IngestionConfiguration")
@EnableConfigurationProperties(WebhookProperties.class)
@Import({ WebhookRoutes.class, ProviderConfiguration.class })
class WebhookConfiguration {

	@Bean
	Providers webhookProviders(ObjectProvider<WebhookProvider> providers) {
		return new Providers(providers.orderedStream().toList());
	}

	@Bean
	Sources webhookSources(WebhookProperties properties, IngestionProperties ingestion, Providers providers,
			BodyParser parser, Environment environment) {
		SourceAudit.check(properties.sources(), DevProfile.isActive(environment), providers);
		Map<String, WebhookSource> sources = new LinkedHashMap<>();
		properties.sources().forEach((name, source) -> sources.put(name,
				WebhookSource.of(name, source, providers, ingestion.maxBodySize())));
		SourceAudit.log(properties.sources(), sources);
		return new Sources(sources, parser);
	}

	@Bean
	SyncReplies syncReplies(JsonMapper mapper) {
		return new SyncReplies(mapper, new FollowUps());
	}

	@Bean
	WebhookIngestion webhookIngestion(Sources sources, Ingestion ingestion,
			@Value("${taobus.webhooks.replay-window:24h}") Duration replayWindow,
			@Value("${taobus.webhooks.replay-max-entries:100000}") long replayMaxEntries, Clock clock,
			SyncReplies syncReplies) {
		return new WebhookIngestion(sources, ingestion, new ReplayGuard(replayWindow, replayMaxEntries), clock,
				syncReplies);
	}

}
