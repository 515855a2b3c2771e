package org.example.library;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxDatabases;
import io.taobus.server.TaobusApplication;
import io.taobus.test.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application that adds only taobus, one source and the service settings that
 * {@code docs/starter.md} lists, next to the service itself: both have the same HTTP operations in
 * their OpenAPI document, the same actuator endpoints, the same taobus meters after one delivery, the
 * same shutdown phases and the same inbox tables. The settings are read from the document, so that
 * what it says is what is tested.
 */
class LibraryApplicationSurfaceTests {

	private static final String SECRET = "surface-secret-0123456789";

	@TempDir
	Path data;

	@Test
	void anApplicationWithTheDocumentedSettingsHasTheServicesSurface() throws Exception {
		Path serviceData = this.data.resolve("service");
		Path libraryData = this.data.resolve("library");
		try (ConfigurableApplicationContext service = start(new SpringApplicationBuilder(TaobusApplication.class)
			.properties("taobus.management-port=0"), serviceData);
				ConfigurableApplicationContext library = start(new SpringApplicationBuilder(LibraryApplication.class)
					.properties(documentedSettings()), libraryData)) {
			Surface expected = Surface.of(service, serviceData);
			Surface actual = Surface.of(library, libraryData);
			assertThat(actual.operations()).as("OpenAPI operations").isEqualTo(expected.operations()).isNotEmpty();
			assertThat(actual.actuator()).as("actuator endpoints").isEqualTo(expected.actuator()).contains("/actuator/tao", "/actuator/prometheus");
			assertThat(actual.meters()).as("taobus meters").isEqualTo(expected.meters()).isNotEmpty();
			assertThat(actual.phases()).as("shutdown phases").isEqualTo(expected.phases()).isNotEmpty();
			assertThat(actual.shutdownPhaseTimeout()).isEqualTo(expected.shutdownPhaseTimeout()).isEqualTo("35s");
			assertThat(actual.tables()).as("inbox tables").isEqualTo(expected.tables()).contains("inbox_delivery");
			assertThat(actual.readiness()).isEqualTo(expected.readiness()).isEqualTo("readinessState,tao,inbox");
		}
	}

	/** Starts an application with the same source and settings as arguments, above any file of its own. */
	private static ConfigurableApplicationContext start(SpringApplicationBuilder builder, Path data) {
		return builder.run("--server.port=0", "--taobus.inbox.directory=" + data,
				"--taobus.api.token=surface-token-0123456789", "--taobus.webhooks.sources.github.type=github",
				"--taobus.webhooks.sources.github.secret=" + SECRET);
	}

	/** The YAML block of docs/starter.md between its service-settings markers, as properties. */
	private static Map<String, Object> documentedSettings() throws Exception {
		String document = Files.readString(Path.of("docs/starter.md"));
		String block = document.substring(document.indexOf("<!-- service-settings -->"),
				document.indexOf("<!-- /service-settings -->"));
		String yaml = block.substring(block.indexOf("```yaml") + 7, block.lastIndexOf("```"));
		Map<String, Object> properties = new HashMap<>();
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("docs/starter.md",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))) {
			EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
			for (String name : enumerable.getPropertyNames()) {
				properties.put(name, String.valueOf(enumerable.getProperty(name)));
			}
		}
		assertThat(properties).containsKey("management.endpoints.web.exposure.include");
		return properties;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class LibraryApplication {

	}

	record Surface(Set<String> operations, Set<String> actuator, Set<String> meters, Map<String, Integer> phases,
			String shutdownPhaseTimeout, Set<String> tables, String readiness) {

		static Surface of(ConfigurableApplicationContext context, Path data) throws Exception {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			deliverOne(context, port);
			return new Surface(operations(port), actuator(context), meters(context), phases(context),
					context.getEnvironment().getProperty("spring.lifecycle.timeout-per-shutdown-phase"), tables(data),
					context.getEnvironment().getProperty("management.endpoint.health.group.readiness.include"));
		}

		private static void deliverOne(ConfigurableApplicationContext context, int port) throws Exception {
			String id = UUID.randomUUID().toString();
			String body = "{\"zen\":\"Keep it logically awesome.\"}";
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			WebhookSigner.github(SECRET).deliveryId(id).headers(body).forEach(request::header);
			try (HttpClient client = HttpClient.newHttpClient()) {
				assertThat(client.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
			}
			Inbox inbox = context.getBean(Inbox.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> inbox.find("github", id, false)
				.map((record) -> record.status() == DeliveryStatus.COMPLETED)
				.orElse(false));
		}

		private static Set<String> operations(int port) throws Exception {
			try (HttpClient client = HttpClient.newHttpClient()) {
				String json = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(),
						HttpResponse.BodyHandlers.ofString()).body();
				JsonNode paths = JsonMapper.shared().readTree(json).get("paths");
				Set<String> operations = new TreeSet<>();
				for (String path : paths.propertyNames()) {
					for (String method : paths.get(path).propertyNames()) {
						operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
					}
				}
				return operations;
			}
		}

		private static Set<String> actuator(ConfigurableApplicationContext context) {
			return new TreeSet<>(context.getBean(PathMappedEndpoints.class).getAllPaths());
		}

		private static Set<String> meters(ConfigurableApplicationContext context) {
			return context.getBean(MeterRegistry.class).getMeters().stream()
				.map((meter) -> meter.getId().getName())
				.filter((name) -> name.startsWith("taobus.") || name.startsWith("tao."))
				.collect(Collectors.toCollection(TreeSet::new));
		}

		private static Map<String, Integer> phases(ConfigurableApplicationContext context) {
			Map<String, Integer> phases = new TreeMap<>();
			context.getBeansOfType(SmartLifecycle.class).values().stream()
				.filter((bean) -> bean.getClass().getName().startsWith("io.taobus."))
				.forEach((bean) -> phases.put(bean.getClass().getSimpleName(), bean.getPhase()));
			return phases;
		}

		private static Set<String> tables(Path data) throws Exception {
			Set<String> tables = new TreeSet<>();
			try (Connection connection = DriverManager.getConnection(InboxDatabases.h2Url(data), "sa", "");
					ResultSet rows = connection.getMetaData().getTables(null, "PUBLIC", "%", null)) {
				while (rows.next()) {
					String name = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
					// each keeps its migrations under its own history table, by design
					if (!name.endsWith("schema_history")) {
						tables.add(name);
					}
				}
			}
			return tables;
		}

	}

}
