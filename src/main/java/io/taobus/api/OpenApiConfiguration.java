package io.taobus.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's frame: title, description, the tags, and the bearer scheme of the AppCon API
 * and the live stream. The endpoints describe their requests themselves; {@code WebhookApiDocs} and
 * {@link AppConApiDocs} give the ingestion endpoints their real responses and headers,
 * {@link DeliveryStatusDocs} the deliveries API its status enums.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	static final String WEBHOOKS = "Webhooks";

	static final String APPCON_API = "AppCon API";

	@Bean
	OpenAPI taobusOpenApi() {
		return new OpenAPI()
			.info(new Info().title("taobus")
				.version("0.1.0")
				.description("Verified webhook ingestion onto the TAO bus. Every delivery is verified over its raw bytes,"
						+ " stored, acknowledged with 202 and turned into an AppCon (term, action, orient); errors are RFC 9457"
						+ " problem details."))
			.addTagsItem(new Tag().name(WEBHOOKS)
				.description("Signed deliveries from GitHub, Stripe, Slack, Shopify, Standard Webhooks and CloudEvents senders"))
			.addTagsItem(new Tag().name(APPCON_API).description("AppCons from your own services, behind the bearer token"))
			.addTagsItem(new Tag().name("Live stream").description("The AppCons passing through the bus, as Server-Sent Events"))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("a taobus API token: write scope for /tao/appcons, read for /tao/stream, GET /tao/deliveries and GET /tao/handlers, admin for replays")));
	}

	@Bean
	DeliveryStatusDocs deliveryStatusDocs() {
		return new DeliveryStatusDocs();
	}

}
