package io.taobus.webhook;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.taobus.config.DevProfile;
import io.taobus.tao.Kernel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires ingestion: compiles the configured sources at startup (so that a source that cannot be
 * verified stops the application with a clear message), the dedupe ledger and the
 * clock that timestamped schemes check against.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	DeliveryLedger deliveryLedger(WebhookProperties properties) {
		return new CaffeineDeliveryLedger(properties.dedupe());
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
	WebhookIngestion webhookIngestion(WebhookProperties properties, BodyParser parser, DeliveryLedger ledger,
			Kernel kernel, Clock clock, Environment environment) {
		SourceAudit.check(properties.sources(), DevProfile.isActive(environment));
		Map<String, WebhookSource> sources = new LinkedHashMap<>();
		properties.sources().forEach((name, source) -> sources.put(name, WebhookSource.of(name, source)));
		SourceAudit.log(properties.sources(), sources);
		return new WebhookIngestion(sources, parser, ledger, kernel, clock);
	}

}
