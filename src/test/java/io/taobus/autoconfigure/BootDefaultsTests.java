package io.taobus.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Boot settings taobus depends on are defaults in any application, below the application's own
 * values.
 */
class BootDefaultsTests {

	@Test
	void anApplicationGetsThemUnlessItSetsItsOwn() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getEnvironment().getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("35s");
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.group.readiness.include"))
				.isEqualTo("readinessState,tao,inbox");
		}
		try (ConfigurableApplicationContext context = start("--spring.lifecycle.timeout-per-shutdown-phase=50s",
				"--management.endpoint.health.group.readiness.include=readinessState")) {
			assertThat(context.getEnvironment().getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("50s");
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.group.readiness.include"))
				.isEqualTo("readinessState");
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE).run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
