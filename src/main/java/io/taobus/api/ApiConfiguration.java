package io.taobus.api;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Wires taobus's own HTTP API: the generic AppCon endpoint, request and response over the TAO, the
 * deliveries API, the handlers' figures, the live stream, their tokens, and the frame of the OpenAPI document.
 */
@AutoConfiguration(afterName = "io.taobus.ingestion.IngestionConfiguration")
@EnableConfigurationProperties(ApiProperties.class)
@Import({ ApiTokensConfiguration.class, AppConRoutes.class, ContextRoutes.class, DeliveriesController.class,
		HandlersController.class, OperatorProblems.class, LiveStreamConfiguration.class, LiveStreamController.class,
		OpenApiConfiguration.class })
class ApiConfiguration {

	/** One bound on the store calls of the whole API, the deliveries API's and a repeated request's alike. */
	@Bean
	StoreCalls storeCalls() {
		return new StoreCalls();
	}

}
