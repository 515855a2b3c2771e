package io.taobus.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alerting rules ({@code deploy/prometheus/alerts.yml}) as Prometheus 2.42's {@code promtool}
 * reads them: valid ({@code check rules}, which a broken rule fails), and each with its unit tests in
 * {@code alerts-test.yml} passing ({@code test rules}: firing when its condition holds, for its
 * {@code for}, by the labels an operator routes on, and silent otherwise). Each one also fires in
 * {@link PrometheusScrapeTests} against the running service.
 */
class AlertingRulesTests {

	static final Path RULES = Path.of("deploy/prometheus/alerts.yml");

	static final Path RULE_TESTS = Path.of("deploy/prometheus/alerts-test.yml");

	@Test
	void theRulesAreValid() throws Exception {
		Result check = promtool("check", "rules", RULES.toString());
		assertThat(check.exit()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
	}

	@Test
	void theirUnitTestsPass() throws Exception {
		Result test = promtool("test", "rules", RULE_TESTS.toString());
		assertThat(test.exit()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	void everyRuleHasUnitTestsThatSeeItFire() throws Exception {
		Map<String, Object> tests = new Yaml().load(Files.readString(RULE_TESTS));
		List<String> firing = new ArrayList<>();
		for (Object test : (List<?>) tests.get("tests")) {
			for (Object alertTest : (List<?>) ((Map<?, ?>) test).get("alert_rule_test")) {
				Map<?, ?> evaluation = (Map<?, ?>) alertTest;
				if (!((List<?>) evaluation.get("exp_alerts")).isEmpty()) {
					firing.add((String) evaluation.get("alertname"));
				}
			}
		}
		assertThat(firing).containsAll(alerts());
	}

	@Test
	void aBrokenRuleFailsTheCheck(@TempDir Path dir) throws Exception {
		Path broken = dir.resolve("broken.yml");
		Files.writeString(broken, Files.readString(RULES).replace("taobus_inbox_calls_dead) > 0", "taobus_inbox_calls_dead) >"));
		Result check = promtool("check", "rules", broken.toString());
		assertThat(check.exit()).isNotZero();
		assertThat(check.output()).contains("parse error");
	}

	/** The names of the shipped alerts. */
	@SuppressWarnings("unchecked")
	static List<String> alerts() throws IOException {
		Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
		List<String> names = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				names.add((String) rule.get("alert"));
			}
		}
		assertThat(names).isNotEmpty().doesNotContainNull();
		return names;
	}

	static Result promtool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(PrometheusServer.binary("promtool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
		return new Result(process.exitValue(), output);
	}

	record Result(int exit, String output) {
	}

}
