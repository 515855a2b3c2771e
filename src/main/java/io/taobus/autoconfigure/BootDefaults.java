package io.taobus.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The few settings of Spring Boot's own that taobus's behaviour depends on, as defaults below every
 * other property source, so that an application's own value always wins:
 * <ul>
 * <li>{@code spring.lifecycle.timeout-per-shutdown-phase} above the kernel's default
 * {@code close-timeout} (30 s), so that the kernel's drain phase ({@link ShutdownPhases}) is not cut
 * short by Boot's 30 s default;</li>
 * <li>the readiness group includes the kernel's and the inbox's health, so that an instance whose store
 * cannot take deliveries is taken out of rotation rather than answering 503 to each.</li>
 * </ul>
 * What else the service sets (virtual threads, the management port, exposure, exemplars, the log
 * pattern, the pool's size) is the application's choice: {@code docs/starter.md} lists it.
 */
public final class BootDefaults implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source. */
	static final String NAME = "taobus-boot-defaults";

	static final Map<String, Object> DEFAULTS = Map.of("spring.lifecycle.timeout-per-shutdown-phase", "35s",
			"management.endpoint.health.group.readiness.include", "readinessState,tao,inbox");

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new MapPropertySource(NAME, DEFAULTS));
	}

}
