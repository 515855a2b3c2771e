package io.taobus.autoconfigure;

import java.time.Duration;

import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code taobus.kernel.handler-timeout}: its default, an explicit value, none, and a refused one. */
class KernelPropertiesTests {

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class, KernelConfiguration.class);

	@Test
	void handlerTimeoutReachesTheKernel() {
		this.runner.run((context) -> assertThat(context.getBean(Kernel.class).handlerTimeout())
			.isEqualTo(Duration.ofMinutes(5)));
		this.runner.withPropertyValues("taobus.kernel.handler-timeout=750ms")
			.run((context) -> assertThat(context.getBean(Kernel.class).handlerTimeout()).isEqualTo(Duration.ofMillis(750)));
		this.runner.withPropertyValues("taobus.kernel.handler-timeout=0")
			.run((context) -> assertThat(context.getBean(Kernel.class).handlerTimeout()).isZero());
	}

	@Test
	void aNegativeHandlerTimeoutIsRefused() {
		this.runner.withPropertyValues("taobus.kernel.handler-timeout=-1s")
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining("handler-timeout"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(KernelProperties.class)
	static class Properties {

	}

}
