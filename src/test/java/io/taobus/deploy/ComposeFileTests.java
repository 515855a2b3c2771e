package io.taobus.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml}, validated but not run (its third-party images cannot be pulled here):
 * parsed and checked for the four services, healthchecks, health-gated start order (taobus waits for
 * a ready PostgreSQL, the official image checked by {@code pg_isready}), taobus's datasource on it,
 * the database's named volume and mounted files that exist; and, where Debian's docker-compose is
 * installed, checked by {@code docker-compose config}.
 */
class ComposeFileTests {

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> services() throws Exception {
		return (Map<String, Map<String, Object>>) compose().get("services");
	}

	static Map<String, Object> compose() throws Exception {
		return new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
	}

	@Test
	@SuppressWarnings("unchecked")
	void threeHealthCheckedServicesStartInOrderWithTheirFiles() throws Exception {
		Map<String, Map<String, Object>> services = services();
		assertThat(services).containsOnlyKeys("postgres", "taobus", "prometheus", "grafana");
		Map<String, Object> named = (Map<String, Object>) compose().get("volumes");
		assertThat(((Map<String, Object>) services.get("taobus").get("build")).get("context")).isEqualTo(".");
		services.values().forEach((service) -> assertThat(service).containsKey("healthcheck"));
		assertThat(services.get("prometheus").get("depends_on"))
			.isEqualTo(Map.of("taobus", Map.of("condition", "service_healthy")));
		assertThat(services.get("grafana").get("depends_on"))
			.isEqualTo(Map.of("prometheus", Map.of("condition", "service_healthy")));
		for (Map<String, Object> service : services.values()) {
			for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
				String from = volume.toString().split(":")[0];
				if (!named.containsKey(from)) {
					assertThat(Path.of(from)).as("mounted by docker-compose.yml").exists();
				}
			}
		}
		assertThat(Files.readString(Path.of("deploy/prometheus/prometheus.yml"))).contains("/actuator/prometheus", "taobus:8081");
		// the alerting rules, next to the configuration that loads them
		assertThat(Files.readString(Path.of("deploy/prometheus/prometheus.yml"))).contains("rule_files:", "- alerts.yml");
		assertThat((List<Object>) services.get("prometheus").get("volumes"))
			.contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
		// compose runs the dev profile (its demonstration sources), with secrets in Boot's relaxed-binding names
		Map<String, Object> environment = (Map<String, Object>) services.get("taobus").get("environment");
		assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "dev")
			.containsKeys("TAOBUS_WEBHOOKS_SOURCES_GITHUB_SECRET", "TAOBUS_WEBHOOKS_SOURCES_STRIPE_SECRET");
		assertThat(services.get("taobus").get("healthcheck").toString()).contains("/dev/tcp/127.0.0.1/8081");
		assertThat(Files.readString(Path.of("deploy/grafana/provisioning/datasources/prometheus.yml")))
			.contains("uid: prometheus", "http://prometheus:9090");
		assertThat(Path.of("deploy/grafana/dashboards/taobus.json")).exists();
	}

	@Test
	@SuppressWarnings("unchecked")
	void taobusStoresItsDeliveriesInAHealthGatedPostgres() throws Exception {
		Map<String, Map<String, Object>> services = services();
		Map<String, Object> postgres = services.get("postgres");
		assertThat(postgres.get("image").toString()).startsWith("postgres:17");
		assertThat(postgres.get("volumes").toString()).contains("postgres-data:/var/lib/postgresql/data");
		assertThat(((Map<String, Object>) postgres.get("healthcheck")).get("test").toString()).contains("pg_isready");
		Map<String, Object> database = (Map<String, Object>) postgres.get("environment");
		Map<String, Object> taobus = services.get("taobus");
		assertThat(taobus.get("depends_on")).isEqualTo(Map.of("postgres", Map.of("condition", "service_healthy")));
		Map<String, Object> environment = (Map<String, Object>) taobus.get("environment");
		assertThat(environment.get("SPRING_DATASOURCE_URL"))
			.isEqualTo("jdbc:postgresql://postgres:5432/" + database.get("POSTGRES_DB") + "?socketTimeout=30&tcpKeepAlive=true");
		// one source of truth for the credentials: both services read the same variables
		assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(database.get("POSTGRES_USER"));
		assertThat(environment.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(database.get("POSTGRES_PASSWORD"));
		assertThat(compose()).containsKey("volumes");
	}

	@Test
	void dockerComposeAcceptsTheFile() throws Exception {
		boolean installed = new ProcessBuilder("sh", "-c", "command -v docker-compose").start().waitFor() == 0;
		Assumptions.assumeTrue(installed || DockerSupport.required(),
				"docker-compose is not installed: the file was checked by parsing only (.ci/run installs it)");
		Process process = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q").redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
	}

}
