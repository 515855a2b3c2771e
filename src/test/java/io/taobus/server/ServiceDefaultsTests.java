package io.taobus.server;

import java.util.Map;

import io.taobus.dev.DevProfile;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's configuration reaches the service only: an application with another main class
 * reads none of it; in the service it lies below the deployment's own settings, and a profile's file
 * above the base file.
 */
class ServiceDefaultsTests {

	@Test
	void anotherApplicationReadsNoneOfIt() {
		StandardEnvironment environment = new StandardEnvironment();
		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication(Object.class));
		assertThat(environment.getProperty("spring.application.name")).isNull();
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isNull();
	}

	@Test
	void theServiceReadsItBelowItsDeploymentAndItsProfilesAboveTheBase() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("deployment", Map.of("server.port", "9000")));
		environment.setActiveProfiles("dev");
		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication(TaobusApplication.class));
		assertThat(environment.getProperty("spring.application.name")).isEqualTo("taobus");
		assertThat(environment.getProperty("taobus.inbox.schema-history-table")).isEqualTo("flyway_schema_history");
		assertThat(environment.getProperty("server.port")).isEqualTo("9000");
		// the dev profile's file turns the demonstration on, which the base file turns off
		assertThat(environment.getProperty("taobus.example.enabled")).isEqualTo("true");
		assertThat(DevProfile.isActive(environment)).isTrue();
	}

	@Test
	void aDevProfileOfAnotherApplicationIsNotTaobussDevMode() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.setActiveProfiles("dev");
		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication(Object.class));
		assertThat(DevProfile.isActive(environment)).isFalse();
	}

}
