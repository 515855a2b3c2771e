package io.taobus.observability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service scraped by a real Prometheus ({@link PrometheusServer}) under traffic: the target
 * comes up and stays up scrape after scrape (Prometheus 2.42 drops a whole scrape when a {@code _count}
 * carries an exemplar), exemplars on histogram buckets are kept and stored, and every expression of
 * the Grafana dashboard returns data through Prometheus' HTTP API. Every trace is sampled, so that
 * every observation carries an exemplar and the test cannot pass by accident.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.tracing.sampling.probability=1.0")
@ActiveProfiles("e2e")
@Import(ScrapeTraffic.Handlers.class)
class PrometheusScrapeTests {

	static final Pattern TIME_VARIABLE = Pattern.compile("\\$\\{?(__rate_interval|__interval|__range)\\}?");

	static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)(:\\w+)?\\}?");

	@TempDir
	static Path dir;

	static PrometheusServer prometheus;

	@LocalServerPort
	int port;

	@AfterAll
	static void stop() throws InterruptedException {
		if (prometheus != null) {
			prometheus.close();
		}
	}

	@Test
	void targetStaysUpAndEveryDashboardExpressionHasData() throws Exception {
		Path binary = PrometheusServer.binary();
		ScrapeTraffic traffic = new ScrapeTraffic(this.port);
		traffic.round();
		traffic.scrape();
		prometheus = PrometheusServer.start(binary, dir, this.port, "/actuator/prometheus");
		Set<String> healthyScrapes = ConcurrentHashMap.newKeySet();
		Set<String> timedOut = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(prometheus.isAlive()).as(prometheus::log).isTrue();
			traffic.round();
			for (JsonNode target : prometheus.get("targets", "state", "active").path("activeTargets").values()) {
				String error = target.path("lastError").asString();
				if (target.path("lastScrape").asString().startsWith("0001")) {
					continue;
				}
				if (error.endsWith("context deadline exceeded")) {
					// 1 s on a shared, loaded machine: a slow scrape is not what this test is about, a refused one is
					timedOut.add(target.path("lastScrape").asString());
					continue;
				}
				assertThat(target.path("health").asString()).as("target %s: %s", target.path("scrapeUrl").asString(),
						target.path("lastError").asString()).isEqualTo("up");
				assertThat(target.path("lastError").asString()).isEmpty();
				healthyScrapes.add(target.path("lastScrape").asString());
			}
			return healthyScrapes.size() >= 10;
		});
		for (String expression : dashboardExpressions()) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				traffic.round();
				assertThat(prometheus.query(expression)).as("dashboard expression %s", expression).isNotEmpty();
			});
		}
		assertThat(timedOut).as("scrapes that timed out").hasSizeLessThan(healthyScrapes.size());
		for (String figure : List.of("scrape_samples_scraped", "max_over_time(scrape_duration_seconds[10m])",
				"count_over_time(up[10m])", "sum_over_time(up[10m])")) {
			System.out.println("prometheus: " + figure + " = " + prometheus.query(figure).get(0).path("value").get(1).asString());
		}
		String now = Long.toString(Instant.now().getEpochSecond());
		JsonNode exemplars = prometheus.get("query_exemplars", "query", "tao_handler_duration_seconds_bucket",
				"start", Long.toString(Instant.now().minusSeconds(600).getEpochSecond()), "end", now);
		assertThat(exemplars.values()).as("bucket exemplars are kept and stored").isNotEmpty();
	}

	@Test
	void openMetricsCarriesExemplarsOnlyWherePrometheus242AcceptsThem() throws Exception {
		ScrapeTraffic traffic = new ScrapeTraffic(this.port);
		traffic.round();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<String> exemplified = traffic.scrape().lines().filter((line) -> line.contains(" # {")).toList();
			assertThat(exemplified).allSatisfy((line) -> assertThat(line.split("[{ ]", 2)[0]).as(line)
				.matches(".*(_total|_bucket)"));
			assertThat(exemplified).anySatisfy((line) -> assertThat(line)
				.startsWith("tao_handler_duration_seconds_bucket").contains("trace_id="));
		});
	}

	/** Every {@code expr} of the dashboard, its variables replaced: time ranges by 1m, others by {@code .*}. */
	static List<String> dashboardExpressions() throws Exception {
		JsonNode dashboard = JsonMapper.builder().build()
			.readTree(Files.readString(Path.of("deploy/grafana/dashboards/taobus.json")));
		List<String> expressions = new ArrayList<>();
		for (JsonNode expr : dashboard.path("panels").findValues("expr")) {
			expressions.add(substitute(expr.asString()));
		}
		for (JsonNode variable : dashboard.path("templating").path("list").values()) {
			Matcher labelValues = Pattern.compile("label_values\\((\\w+), *(\\w+)\\)").matcher(variable.path("query").asString());
			if (labelValues.matches()) {
				expressions.add("count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")");
			}
		}
		assertThat(expressions).hasSizeGreaterThan(10);
		return expressions;
	}

	static String substitute(String expression) {
		String timed = TIME_VARIABLE.matcher(expression).replaceAll("1m");
		return VARIABLE.matcher(timed).replaceAll(".*");
	}

}
