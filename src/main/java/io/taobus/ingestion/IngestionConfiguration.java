package io.taobus.ingestion;

import java.time.Clock;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.Redispatcher;
import io.taobus.tao.Kernel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wires what both ingestion endpoints share: reading and parsing a body, storing before acknowledging,
 * the dispatcher that is also the inbox's {@link Redispatcher} (rebuilding a stored delivery through
 * the endpoints' {@link AppConRebuilder}s), the replies with their listeners, the problem schemas of
 * the OpenAPI document, and the clock that timestamped schemes check against.
 */
@AutoConfiguration(afterName = { "io.taobus.autoconfigure.KernelConfiguration", "io.taobus.autoconfigure.InboxConfiguration" })
@EnableConfigurationProperties(IngestionProperties.class)
class IngestionConfiguration {

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
	RequestReader requestReader(IngestionProperties properties, DeliveryDispatcher dispatcher) {
		return new RequestReader(properties.bodyLimit(), dispatcher::checkAdmission);
	}

	@Bean
	DeliveryDispatcher deliveryDispatcher(Inbox inbox, Kernel kernel, ObjectProvider<AppConRebuilder> rebuilders,
			ObjectProvider<IngestionListener> listeners, ObjectProvider<ResponseEncoder> encoders, JsonMapper mapper,
			@Value("${taobus.inbox.ledger:true}") boolean ledger) {
		return new DeliveryDispatcher(inbox, kernel, rebuilders.orderedStream().toList(),
				listeners.orderedStream().toList(), encoders.orderedStream().toList(), mapper, ledger);
	}

	@Bean
	Ingestion ingestion(Inbox inbox, DeliveryDispatcher dispatcher) {
		return new Ingestion(inbox, dispatcher);
	}

	@Bean
	IngestionReplies ingestionReplies(ObjectProvider<IngestionListener> listeners) {
		return new IngestionReplies(listeners.orderedStream().toList());
	}

	@Bean
	ProblemSchemas problemSchemas() {
		return new ProblemSchemas();
	}

}
