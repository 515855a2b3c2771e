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

import io.taobus.inbox.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
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
 * every observation carries an exemplar and the test cannot pass by accident. And the shipped alerting
 * rules ({@code deploy/prometheus/alerts.yml}), loaded into a real Prometheus, each fire once its
 * condition is produced on the running service: a dead handler call, over 100 calls waiting for a retry,
 * a failed delivery, a dead one (its one retry failed too), a delivery pending for an hour on the test's
 * clock. Their {@code for} durations are
 * set to 0 here (they are {@code promtool test rules}'s, in {@link AlertingRulesTests}); their expressions
 * and thresholds are the shipped ones.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "taobus.inbox.retries=1",
				"taobus.inbox.retry-backoff=2s" })
@ActiveProfiles("e2e")
@Import({ ScrapeTraffic.Handlers.class, ScrapeTraffic.Clocked.class })
class PrometheusScrapeTests {

	static final Pattern TIME_VARIABLE = Pattern.compile("\\$\\{?(__rate_interval|__interval|__range)\\}?");

	static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)(:\\w+)?\\}?");

	@TempDir
	static Path dir;

	static PrometheusServer prometheus;

	@LocalServerPort
	int port;

	@Autowired
	ScrapeTraffic.PullHandlers handlers;

	@Autowired
	MutableClock clock;

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

	@Test
	void everyShippedAlertFiresWhenItsConditionIsProduced(@TempDir Path rulesDir) throws Exception {
		Path binary = PrometheusServer.binary();
		List<String> alerts = AlertingRulesTests.alerts();
		Path rules = rulesDir.resolve("alerts.yml");
		Files.writeString(rules, Files.readString(AlertingRulesTests.RULES).replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 0s"));
		ScrapeTraffic traffic = new ScrapeTraffic(this.port);
		try (PrometheusServer rulesPrometheus = PrometheusServer.start(binary, rulesDir, this.port, "/actuator/prometheus",
				rules)) {
			// evaluated on scraped data at least once: the conditions no other test produces do not hold yet
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertThat(rulesPrometheus.query("up")).isNotEmpty();
				List<JsonNode> rulesEvaluated = rulesPrometheus.get("rules").path("groups").values().stream()
					.flatMap((group) -> group.path("rules").values().stream())
					.toList();
				assertThat(rulesEvaluated).extracting((rule) -> rule.path("name").asString()).containsExactlyElementsOf(alerts);
				assertThat(rulesEvaluated).allSatisfy((rule) -> assertThat(rule.path("lastEvaluation").asString())
					.doesNotStartWith("0001"));
				assertThat(rulesPrometheus.query("taobus_inbox_calls_dead")).isNotEmpty();
			});
			// (not TaobusDeliveriesDead: the inbox retries on the system's clock, so the broken deliveries of an
			// earlier test may be dead already; promtool's tests show it silent without one)
			assertThat(firing(rulesPrometheus)).as("before their conditions")
				.doesNotContain("TaobusHandlerCallsDead", "TaobusInboxBacklog");
			traffic.deliver("dead"); // TaobusHandlerCallsDead
			traffic.deliver("broken"); // TaobusDeliveriesFailing; TaobusDeliveriesDead once its one retry (2 s) failed too
			for (int i = 0; i <= 100; i++) {
				traffic.deliver("opened"); // TaobusRetriesPiling: more than 100 calls of one handler wait for a retry
			}
			traffic.deliver("stall"); // TaobusInboxBacklog: pending, and an hour old on the test's clock
			this.clock.advance(Duration.ofHours(1));
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				assertThat(rulesPrometheus.isAlive()).as(rulesPrometheus::log).isTrue();
				assertThat(firing(rulesPrometheus)).containsAll(alerts);
			});
			assertThat(rulesPrometheus.query("ALERTS{alertname=\"TaobusHandlerCallsDead\",alertstate=\"firing\"}"))
				.extracting((alert) -> alert.path("metric").path("handler").asString())
				.containsExactly("PullHandlers#archive");
			assertThat(rulesPrometheus.query("ALERTS{alertname=\"TaobusRetriesPiling\",alertstate=\"firing\"}"))
				.extracting((alert) -> alert.path("metric").path("handler").asString())
				.containsExactly("PullHandlers#notifyReviewers");
			assertThat(rulesPrometheus.query("ALERTS{alertname=\"TaobusDeliveriesFailing\",alertstate=\"firing\"}"))
				.extracting((alert) -> alert.path("metric").path("source").asString())
				.containsExactly("github");
			assertThat(rulesPrometheus.query("ALERTS{alertname=\"TaobusDeliveriesDead\",alertstate=\"firing\"}"))
				.extracting((alert) -> alert.path("metric").path("source").asString())
				.containsExactly("github");
		}
		finally {
			this.handlers.release();
		}
	}

	/** The names of the alerts firing now. */
	static Set<String> firing(PrometheusServer prometheus) throws Exception {
		Set<String> names = new java.util.TreeSet<>();
		for (JsonNode alert : prometheus.get("alerts").path("alerts").values()) {
			if ("firing".equals(alert.path("state").asString())) {
				names.add(alert.path("labels").path("alertname").asString());
			}
		}
		return names;
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
