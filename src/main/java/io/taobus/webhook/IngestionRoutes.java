package io.taobus.webhook;

import java.time.Clock;

import io.taobus.api.ApiTokens;

import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The two ingestion endpoints as functional routes, documented through their endpoint methods
 * ({@link RouterOperation}); any other method on their paths is a 405 with problem details.
 */
@Configuration(proxyBeanMethods = false)
class IngestionRoutes {

	static final String WEBHOOKS = "/webhooks/{source}";

	static final String APPCONS = "/tao/appcons";

	@Bean
	IngestionReplies ingestionReplies(ObjectProvider<IngestionListener> listeners) {
		return new IngestionReplies(listeners.orderedStream().toList());
	}

	@Bean
	WebhookEndpoint webhookEndpoint(WebhookIngestion ingestion, RequestReader reader, IngestionReplies replies,
			ObjectProvider<DeliveryContext> deliveryContext, Clock clock) {
		return new WebhookEndpoint(ingestion, reader, replies, deliveryContext.getIfAvailable(() -> DeliveryContext.NONE),
				clock);
	}

	@Bean
	AppConEndpoint appConEndpoint(Ingestion ingestion, RequestReader reader, IngestionReplies replies,
			BodyParser parser, ApiTokens tokens, ObjectProvider<DeliveryContext> deliveryContext, Clock clock) {
		return new AppConEndpoint(ingestion, reader, replies, parser, tokens,
				deliveryContext.getIfAvailable(() -> DeliveryContext.NONE), clock);
	}

	@Bean
	AppConRebuilder appConRebuilder(BodyParser parser) {
		return ApiAppCons.rebuilder(parser);
	}

	@Bean
	@RouterOperations({
			@RouterOperation(path = WEBHOOKS, method = RequestMethod.POST, beanClass = WebhookEndpoint.class,
					beanMethod = "receive"),
			@RouterOperation(path = APPCONS, method = RequestMethod.POST, beanClass = AppConEndpoint.class,
					beanMethod = "set") })
	RouterFunction<ServerResponse> ingestionRouterFunction(WebhookEndpoint webhooks, AppConEndpoint appCons) {
		return RouterFunctions.route()
			.POST(WEBHOOKS, webhooks::receive)
			.POST(APPCONS, appCons::set)
			.route(RequestPredicates.path(WEBHOOKS).or(RequestPredicates.path(APPCONS)),
					(request) -> ProblemResponses.methodNotAllowed())
			.build();
	}

}
