package io.taobus.api;

import java.time.Clock;

import io.taobus.ingestion.AppConRebuilder;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryContext;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionProperties;
import io.taobus.ingestion.IngestionReplies;
import io.taobus.ingestion.ProblemResponses;
import io.taobus.ingestion.RequestReader;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /tao/appcons} as a functional route, documented through its endpoint method
 * ({@link RouterOperation}) and {@link AppConApiDocs}; any other method on its path is a 405 with
 * problem details. Also how a stored AppCon of the API runs again ({@link ApiAppCons#rebuilder}).
 */
@Configuration(proxyBeanMethods = false)
class AppConRoutes {

	@Bean
	AppConEndpoint appConEndpoint(Ingestion ingestion, RequestReader reader, IngestionReplies replies,
			BodyParser parser, ApiTokens tokens, ObjectProvider<DeliveryContext> deliveryContext, Clock clock,
			ChannelStreams channels) {
		return new AppConEndpoint(ingestion, reader, replies, parser, tokens,
				deliveryContext.getIfAvailable(() -> DeliveryContext.NONE), clock, channels);
	}

	@Bean
	AppConRebuilder appConRebuilder(BodyParser parser) {
		return ApiAppCons.rebuilder(parser);
	}

	@Bean
	@RouterOperations(@RouterOperation(path = Ingestion.APPCONS, method = RequestMethod.POST,
			beanClass = AppConEndpoint.class, beanMethod = "set"))
	RouterFunction<ServerResponse> appConRouterFunction(AppConEndpoint appCons) {
		return ProblemResponses.postOnly(Ingestion.APPCONS, appCons::set);
	}

	@Bean
	AppConApiDocs appConApiDocs(IngestionProperties properties) {
		return new AppConApiDocs(properties.bodyLimit());
	}

}
