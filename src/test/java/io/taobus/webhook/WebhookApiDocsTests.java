package io.taobus.webhook;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.taobus.ingestion.BodyLimit;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.Ingestion;
import io.taobus.webhook.provider.TestProviders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request headers of {@code POST /webhooks/{source}} in the OpenAPI document are those of the
 * configured sources' providers only, in the providers' order: a service with a GitHub and a Stripe
 * source offers no Slack, Shopify or CloudEvents input in Swagger UI.
 */
class WebhookApiDocsTests {

	@Test
	void onlyTheProvidersOfTheConfiguredSourcesHaveTheirHeadersDocumented() {
		assertThat(documentedHeaders(Map.of("pay", source("stripe"), "gh", source("github"), "gh2", source("github"))))
			.containsExactly("X-Hub-Signature-256", "X-GitHub-Event", "X-GitHub-Delivery", "Stripe-Signature");
	}

	@Test
	void withoutASourceNoProviderHeaderIsDocumented() {
		assertThat(documentedHeaders(Map.of())).isEmpty();
	}

	private static List<String> documentedHeaders(Map<String, WebhookProperties.Source> configured) {
		Map<String, WebhookSource> sources = new LinkedHashMap<>();
		configured.forEach((name, source) -> sources.put(name, WebhookSource.of(name, source, TestProviders.all())));
		OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem(Ingestion.WEBHOOKS,
				new PathItem().post(new Operation().operationId("receive"))));
		new WebhookApiDocs(new BodyLimit(1 << 20, "taobus.webhooks.max-body-size"), TestProviders.all(), new Sources(sources, new BodyParser(JsonMapper.builder().build())))
			.customise(openApi);
		List<Parameter> parameters = openApi.getPaths().get(Ingestion.WEBHOOKS).getPost().getParameters();
		return (parameters != null) ? parameters.stream().map(Parameter::getName).toList() : List.of();
	}

	private static WebhookProperties.Source source(String type) {
		return new WebhookProperties.Source(type, "a-secret-of-32-bytes-for-the-test", List.of(), Duration.ofMinutes(5),
				false, null, "hex", "", null, null, null, null);
	}

}
