package io.taobus.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.taobus.server.TaobusApplication;
import io.taobus.api.ApiTokens;
import io.taobus.ingestion.IngestionProperties;
import io.taobus.webhook.WebhookProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's configuration as the application sees it: the chart is rendered by a real helm, then
 * the application starts with the rendered ConfigMap mounted where the Deployment mounts it and the
 * container's environment (its plain variables and every key of the Secret, as {@code envFrom} gives
 * them) as its only system environment. It must serve exactly the chart's sources, with every secret
 * the chart was given, and the chart's tokens: nothing merged in from the jar's defaults.
 */
class ChartConfigurationTests {

	@Test
	void theRenderedChartYieldsExactlyItsSourcesWithTheirSecrets(@TempDir Path config) throws Exception {
		List<HasMetadata> objects = HelmChartTests.render(Path.of("src/test/resources/helm/sources-values.yaml"));
		Files.writeString(config.resolve("application.yml"),
				HelmChartTests.one(objects, ConfigMap.class).getData().get("application.yml"));
		Map<String, Object> environment = new HashMap<>();
		Secret secret = HelmChartTests.one(objects, Secret.class);
		secret.getData().forEach((key, value) -> environment.put(key,
				new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
		Container container = HelmChartTests.one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(container.getEnvFrom()).singleElement()
			.satisfies((from) -> assertThat(from.getSecretRef().getName()).isEqualTo(secret.getMetadata().getName()));
		for (EnvVar variable : container.getEnv()) {
			if (variable.getName().equals("SPRING_CONFIG_ADDITIONAL_LOCATION")) {
				environment.put(variable.getName(), "optional:file:" + config + "/");
			}
			else if (!variable.getName().equals("JAVA_TOOL_OPTIONS")) {
				environment.put(variable.getName(), variable.getValue());
			}
		}
		assertThat(environment).containsKeys("TAOBUS_WEBHOOKS_SOURCES_GITHUB_SECRETS_0_",
				"TAOBUS_WEBHOOKS_SOURCES_STRIPE-LIVE_SECRETS_0_", "TAOBUS_WEBHOOKS_SOURCES_STRIPE-LIVE_SECRETS_1_",
				"TAOBUS_API_TOKENS_WRITE", "TAOBUS_API_TOKENS_READ", "MANAGEMENT_SERVER_PORT")
			.doesNotContainKey("TAOBUS_API_TOKEN");

		StandardEnvironment env = new StandardEnvironment();
		env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TaobusApplication.class)
			.web(WebApplicationType.NONE)
			.environment(env)
			.properties("spring.main.banner-mode=off")
			.run()) {
			Map<String, WebhookProperties.Source> sources = context.getBean(WebhookProperties.class).sources();
			assertThat(sources).containsOnlyKeys("github", "stripe-live", "internal");
			assertThat(sources.get("github").secret()).isNull();
			assertThat(sources.get("github").secrets()).containsExactly("github-inline-secret-0123456789");
			assertThat(sources.get("stripe-live").secrets()).containsExactly("whsec_new_0123456789abcdef",
					"whsec_old_0123456789abcdef");
			assertThat(sources.get("stripe-live").tolerance()).isEqualTo(Duration.ofMinutes(10));
			// the chart leaves the global body limit unset: each source's provider decides, or the source itself
			assertThat(context.getBean(IngestionProperties.class).maxBodySize()).isNull();
			assertThat(sources.get("stripe-live").maxBodySize()).isEqualTo(DataSize.ofMegabytes(2));
			assertThat(sources.get("internal").secrets()).isEmpty();
			assertThat(sources.get("internal").allowUnsigned()).isTrue();
			ApiTokens tokens = context.getBean(ApiTokens.class);
			assertThat(tokens.accepts(ApiTokens.Scope.WRITE, "Bearer chart-write-token-0123456789")).isTrue();
			assertThat(tokens.accepts(ApiTokens.Scope.READ, "Bearer chart-read-token-0123456789")).isTrue();
			assertThat(tokens.accepts(ApiTokens.Scope.READ, "Bearer chart-write-token-0123456789")).isFalse();
			assertThat(tokens.configured(ApiTokens.Scope.ADMIN)).isFalse();
			assertThat(context.getEnvironment().getProperty("management.server.port")).isEqualTo("8081");
		}
	}

}
