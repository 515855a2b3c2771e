package io.taobus.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.taobus.config.DevProfile;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.Redispatcher;
import io.taobus.tao.Kernel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires ingestion: compiles the configured sources at startup (so that a source that cannot be
 * verified stops the application with a clear message, and so does a development secret outside the
 * dev profile), the pipeline on the inbox, the dispatcher that is also the inbox's {@link Redispatcher},
 * and the clock that timestamped schemes check against.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}


	@Bean
	BodyParser bodyParser(JsonMapper mapper) {
		return new BodyParser(mapper);
	}

	@Bean
	RequestReader requestReader(WebhookProperties properties) {
		return new RequestReader((int) properties.maxBodySize().toBytes());
	}

	@Bean
	Sources webhookSources(WebhookProperties properties, BodyParser parser, Environment environment) {
		SourceAudit.check(properties.sources(), DevProfile.isActive(environment));
		Map<String, WebhookSource> sources = new LinkedHashMap<>();
		properties.sources().forEach((name, source) -> sources.put(name, WebhookSource.of(name, source)));
		SourceAudit.log(properties.sources(), sources);
		return new Sources(sources, parser);
	}

	@Bean
	DeliveryDispatcher deliveryDispatcher(Inbox inbox, Kernel kernel, ObjectProvider<AppConRebuilder> rebuilders) {
		return new DeliveryDispatcher(inbox, kernel, rebuilders.orderedStream().toList());
	}

	@Bean
	Ingestion ingestion(Inbox inbox, DeliveryDispatcher dispatcher) {
		return new Ingestion(inbox, dispatcher);
	}

	@Bean
	WebhookIngestion webhookIngestion(Sources sources, Ingestion ingestion,
			@Value("${taobus.webhooks.replay-window:24h}") Duration replayWindow,
			@Value("${taobus.webhooks.replay-max-entries:100000}") long replayMaxEntries, Clock clock) {
		return new WebhookIngestion(sources, ingestion, new ReplayGuard(replayWindow, replayMaxEntries), clock);
	}

}
