package io.taobus.webhook;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's frame: title, description and the bearer scheme of the AppCon API and the
 * live stream. The endpoints describe themselves (see {@link IngestionApiDocs}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	@Bean
	OpenAPI taobusOpenApi() {
		return new OpenAPI()
			.info(new Info().title("taobus")
				.version("0.1.0")
				.description("Verified webhook ingestion onto the TAO bus. Every delivery is verified over its raw bytes,"
						+ " acknowledged with 202 and turned into an AppCon (term, action, orient); errors are RFC 9457"
						+ " problem details."))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("a taobus API token: write scope for /tao/appcons, read for /tao/stream")));
	}

}
