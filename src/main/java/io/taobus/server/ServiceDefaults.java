package io.taobus.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The service's own configuration: {@code taobus-service.yml}, and {@code taobus-service-<profile>.yml}
 * for each active profile, added below every other property source, so that the deployment's
 * {@code application.yml}, environment variables and arguments override them as they would an
 * {@code application.yml} of the jar. They are not named {@code application}: the library travels in the
 * same jar, and an application that depends on it must not read the service's settings (virtual
 * threads, the management port, exemplars, the log pattern, the pool's size) as if they were its own.
 * Only an application whose sources include {@link TaobusApplication} gets them.
 */
public final class ServiceDefaults implements EnvironmentPostProcessor, Ordered {

	/** The base name of the service's configuration files on the class path. */
	static final String NAME = "taobus-service";

	private final YamlPropertySourceLoader loader = new YamlPropertySourceLoader();

	@Override
	public int getOrder() {
		// after the config data, so that the active profiles are known
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean service = application.getAllSources().stream()
			.anyMatch((source) -> source instanceof Class<?> type && TaobusApplication.class.isAssignableFrom(type));
		if (!service) {
			return;
		}
		// in rising precedence: the base file, then each active profile's, a later profile above an earlier
		// one as Boot orders application-<profile>.yml; all of them below every other source
		List<PropertySource<?>> rising = new ArrayList<>(load(NAME + ".yml"));
		for (String profile : environment.getActiveProfiles()) {
			rising.addAll(load(NAME + "-" + profile + ".yml"));
		}
		rising.reversed().forEach(environment.getPropertySources()::addLast);
	}

	private List<PropertySource<?>> load(String file) {
		ClassPathResource resource = new ClassPathResource(file, ServiceDefaults.class.getClassLoader());
		if (!resource.exists()) {
			return List.of();
		}
		try {
			return this.loader.load("service config '" + file + "'", resource);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the service's configuration " + file, ex);
		}
	}

}
