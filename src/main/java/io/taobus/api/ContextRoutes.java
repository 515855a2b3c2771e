package io.taobus.api;

import java.time.Clock;

import io.taobus.inbox.Inbox;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryContext;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionProperties;
import io.taobus.ingestion.IngestionReplies;
import io.taobus.ingestion.ProblemResponses;
import io.taobus.ingestion.RequestReader;
import io.taobus.ingestion.ResponseEncoder;
import io.taobus.tao.Kernel;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Request and response over the TAO, the routes of tao.js's koa middleware: {@code POST /tao/context}
 * ({@link ContextEndpoint}; any other method a 405, extra path segments a 400 as koa answers them) and
 * {@code GET /tao/responses} ({@link ResponseHandlers}), with the encoder whose JSON answers and is
 * recorded ({@link ResponseJson}).
 */
@Configuration(proxyBeanMethods = false)
class ContextRoutes {

	@Bean
	ResponseEncoder responseEncoder(JsonMapper mapper) {
		return new ResponseJson(mapper);
	}

	@Bean
	ContextEndpoint contextEndpoint(Ingestion ingestion, RequestReader reader, IngestionReplies replies,
			BodyParser parser, ApiTokens tokens, ObjectProvider<DeliveryContext> deliveryContext, Clock clock, Inbox inbox,
			ApiProperties properties, ChannelStreams channels, StoreCalls storeCalls) {
		return new ContextEndpoint(ingestion, reader, replies, parser, tokens,
				deliveryContext.getIfAvailable(() -> DeliveryContext.NONE), clock, inbox, properties, channels,
				storeCalls);
	}

	@Bean
	ResponseHandlers responseHandlers(Kernel kernel, ApiTokens tokens) {
		return new ResponseHandlers(kernel, tokens);
	}

	@Bean
	@RouterOperations({
			@RouterOperation(path = ContextEndpoint.PATH, method = RequestMethod.POST, beanClass = ContextEndpoint.class,
					beanMethod = "request"),
			@RouterOperation(path = ResponseHandlers.PATH, method = RequestMethod.GET, beanClass = ResponseHandlers.class,
					beanMethod = "list") })
	RouterFunction<ServerResponse> contextRouterFunction(ContextEndpoint context, ResponseHandlers responses) {
		return ProblemResponses.postOnly(ContextEndpoint.PATH, context::request)
			.and(RouterFunctions.route(RequestPredicates.path(ContextEndpoint.PATH + "/**"),
					(request) -> ServerResponse.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON)
						.bodyValue(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "malformed",
								"extra path segments are not supported: POST " + ContextEndpoint.PATH))))
			.and(RouterFunctions.route().GET(ResponseHandlers.PATH, responses::list).build());
	}

	@Bean
	ContextApiDocs contextApiDocs(IngestionProperties ingestion) {
		return new ContextApiDocs(ingestion.bodyLimit());
	}

}
