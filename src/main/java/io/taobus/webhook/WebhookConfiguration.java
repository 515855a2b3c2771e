package io.taobus.webhook;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.Redispatcher;
import io.taobus.tao.Kernel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires ingestion: compiles the configured sources at startup (so that a source that cannot be
 * verified stops the application with a clear message), the pipeline on the inbox, the dispatcher
 * that is also the inbox's {@link Redispatcher}, the API token and the clock that timestamped schemes
 * check against.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}


	@Bean
	ApiToken apiToken(@Value("${taobus.api.token:}") String token) {
		return new ApiToken(token);
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
	Sources webhookSources(WebhookProperties properties, BodyParser parser) {
		Map<String, WebhookSource> sources = new LinkedHashMap<>();
		properties.sources().forEach((name, source) -> sources.put(name, WebhookSource.of(name, source)));
		return new Sources(sources, parser);
	}

	@Bean
	DeliveryDispatcher deliveryDispatcher(Inbox inbox, Kernel kernel, Sources sources) {
		return new DeliveryDispatcher(inbox, kernel, sources);
	}

	@Bean
	WebhookIngestion webhookIngestion(Sources sources, Inbox inbox, DeliveryDispatcher dispatcher, Clock clock) {
		return new WebhookIngestion(sources, inbox, dispatcher, clock);
	}

}
