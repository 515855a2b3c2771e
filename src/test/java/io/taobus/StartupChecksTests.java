package io.taobus;

import java.util.ArrayList;
import java.util.List;

import io.taobus.server.TaobusApplication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What stops the application before it serves anything, and what its startup log tells an operator:
 * the whole application context started (without a web server) from the jar's configuration plus the
 * properties of each case.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupChecksTests {

	static ConfigurableApplicationContext start(String profile, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("spring.main.banner-mode=off");
		SpringApplicationBuilder builder = new SpringApplicationBuilder(TaobusApplication.class)
			.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new));
		if (profile != null) {
			builder.profiles(profile);
		}
		return builder.run();
	}

	static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Test
	void aDevelopmentSecretOutsideTheDevProfileStopsTheStartup() {
		assertThatThrownBy(() -> start(null, "taobus.webhooks.sources.gh.type=github",
				"taobus.webhooks.sources.gh.secret=dev-github-secret", "taobus.api.token=an-api-token-of-some-length"))
			.satisfies((ex) -> assertThat(rootCause(ex)).hasMessageContaining("source 'gh' uses a development secret")
				.hasMessageContaining("TAOBUS_WEBHOOKS_SOURCES_GH_SECRET"));
		assertThatThrownBy(() -> start(null, "taobus.webhooks.sources.pay.type=stripe",
				"taobus.webhooks.sources.pay.secrets[0]=a-real-secret-of-some-length",
				"taobus.webhooks.sources.pay.secrets[1]=whsec_dev_stripe_secret"))
			.satisfies((ex) -> assertThat(rootCause(ex)).hasMessageContaining("source 'pay' uses a development secret"));
		assertThatThrownBy(() -> start(null, "taobus.api.tokens.write=local-dev-token"))
			.satisfies((ex) -> assertThat(rootCause(ex)).hasMessageContaining("development token"));
	}

	@Test
	void aSourceWithoutASecretStopsTheStartupNamingIt() {
		assertThatThrownBy(() -> start(null, "taobus.webhooks.sources.orders.type=shopify"))
			.satisfies((ex) -> assertThat(rootCause(ex)).hasMessageContaining("source 'orders'")
				.hasMessageContaining("needs a secret")
				.hasMessageContaining("TAOBUS_WEBHOOKS_SOURCES_ORDERS_SECRET"));
		assertThatThrownBy(() -> start(null, "taobus.webhooks.sources.open.type=none"))
			.satisfies((ex) -> assertThat(rootCause(ex)).hasMessageContaining("source 'open'")
				.hasMessageContaining("allow-unsigned"));
	}

	@Test
	void anUnknownTypeStopsTheStartupNamingTheValidOnes() {
		assertThatThrownBy(() -> start(null, "taobus.webhooks.sources.repo.type=gitlab",
				"taobus.webhooks.sources.repo.secret=a-real-secret-of-some-length"))
			.satisfies((ex) -> assertThat(rootCause(ex)).hasMessageContaining("source 'repo' has an unknown type 'gitlab'")
				.hasMessageContaining("github, stripe, slack, shopify, standard-webhooks, cloudevents, hmac-sha256, none"));
	}

	@Test
	void theSourceNameApiIsReserved() {
		assertThatThrownBy(() -> start(null, "taobus.webhooks.sources.api.type=github",
				"taobus.webhooks.sources.api.secret=a-real-secret-of-some-length"))
			.satisfies((ex) -> assertThat(rootCause(ex)).hasMessageContaining("'api' is reserved"));
	}

	@Test
	void theJarAloneStartsWithNoSourceNoTokenAndSaysSo(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(null)) {
			assertThat(context.isActive()).isTrue();
		}
		assertThat(output).contains("No webhook source is configured")
			.contains("No API token for the write scope")
			.contains("No API token for the read scope")
			.contains("No API token for the admin scope")
			.doesNotContain("Using generated taobus API token")
			.doesNotContain("dev profile is ON");
	}

	@Test
	void theDevProfileServesItsDemonstrationSourcesWithAGeneratedTokenAndWarns(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("dev")) {
			assertThat(context.containsBean("bootstrapUserSession")).isTrue();
		}
		assertThat(output).contains("The dev profile is ON")
			.contains("Using generated taobus API token (every scope)")
			.contains("Webhook sources (2):")
			.containsPattern("github: type=github, term=header:X-GitHub-Event, action=json:/action\\|received, orient=github,"
					+ " delivery-id=header:X-GitHub-Delivery, secrets=1")
			.contains("stripe: type=stripe")
			.doesNotContain("dev-github-secret")
			.doesNotContain("whsec_dev_stripe_secret");
	}

	@Test
	void theSourcesAreListedWithTheirSecretCountAndAShortSecretIsAWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(null, "taobus.webhooks.sources.ci.type=github",
				"taobus.webhooks.sources.ci.secrets[0]=0123456789abcdef-old", "taobus.webhooks.sources.ci.secrets[1]=short",
				"taobus.webhooks.sources.open.type=none", "taobus.webhooks.sources.open.allow-unsigned=true")) {
			assertThat(context.isActive()).isTrue();
		}
		assertThat(output).contains("Webhook sources (2):")
			.contains("ci: type=github")
			.contains("secrets=2")
			.contains("open: type=none")
			.contains("secrets=0 (unsigned")
			.contains("deliver), max-body-size=1MB")
			.contains("secrets=2, max-body-size=25MB")
			.contains("Source 'ci' has a secret shorter than 16 bytes")
			.doesNotContain("0123456789abcdef-old");
	}

}
