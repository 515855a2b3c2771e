package io.taobus.webhook;

import java.time.Clock;

import io.taobus.ingestion.DeliveryContext;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionProperties;
import io.taobus.ingestion.IngestionReplies;
import io.taobus.ingestion.ProblemResponses;
import io.taobus.ingestion.RequestReader;
import io.taobus.webhook.provider.Providers;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /webhooks/{source}} as a functional route, documented through its endpoint method
 * ({@link RouterOperation}) and {@link WebhookApiDocs}; any other method on its path is a 405 with
 * problem details.
 */
@Configuration(proxyBeanMethods = false)
class WebhookRoutes {

	@Bean
	WebhookEndpoint webhookEndpoint(WebhookIngestion ingestion, RequestReader reader, IngestionReplies replies,
			ObjectProvider<DeliveryContext> deliveryContext, Clock clock) {
		return new WebhookEndpoint(ingestion, reader, replies, deliveryContext.getIfAvailable(() -> DeliveryContext.NONE),
				clock);
	}

	@Bean
	@RouterOperations(@RouterOperation(path = Ingestion.WEBHOOKS, method = RequestMethod.POST,
			beanClass = WebhookEndpoint.class, beanMethod = "receive"))
	RouterFunction<ServerResponse> webhookRouterFunction(WebhookEndpoint webhooks) {
		return ProblemResponses.postOnly(Ingestion.WEBHOOKS, webhooks::receive);
	}

	@Bean
	WebhookApiDocs webhookApiDocs(IngestionProperties properties, Providers providers, Sources sources) {
		return new WebhookApiDocs(properties.bodyLimit(), providers, sources);
	}

}
