package io.taobus.handler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retries of an {@code @TaoAsync} handler, as the kernel carries them to the store that retries
 * ({@link HandlerCall#retries()}): the annotation's {@code retries} and {@code backoff}, each part it
 * leaves out from {@code taobus.handlers.async-retries} and {@code async-backoff}, else the defaults;
 * an invalid value stops the startup, naming the handler or the property.
 */
class AsyncRetriesTests {

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(KernelConfig.class, HandlerConfiguration.class);

	@Test
	void theAnnotationSetsTheRetriesAndTheDefaultsFillWhatItLeavesOut() {
		this.runner.withBean(Notifier.class).run((context) -> {
			assertThat(retries(context, "chat")).isEqualTo(new AsyncRetries(2, Duration.ofSeconds(30)));
			assertThat(retries(context, "mail")).isEqualTo(AsyncRetries.DEFAULT);
			assertThat(retries(context, "sms")).isEqualTo(new AsyncRetries(0, AsyncRetries.DEFAULT.backoff()));
		});
	}

	@Test
	void thePropertiesSetTheDefaults() {
		this.runner.withBean(Notifier.class)
			.withPropertyValues("taobus.handlers.async-retries=1", "taobus.handlers.async-backoff=10s")
			.run((context) -> {
				assertThat(retries(context, "chat")).isEqualTo(new AsyncRetries(2, Duration.ofSeconds(30)));
				assertThat(retries(context, "mail")).isEqualTo(new AsyncRetries(1, Duration.ofSeconds(10)));
			});
	}

	@Test
	void anInvalidValueStopsTheStartup() {
		this.runner.withBean(BadBackoff.class).run((context) -> assertThat(context).hasFailed()
			.getFailure().hasStackTraceContaining("TAO handler BadBackoff#on has an invalid backoff '-5s'"));
		this.runner.withBean(BadRetries.class).run((context) -> assertThat(context).hasFailed()
			.getFailure().hasStackTraceContaining("BadRetries#on has retries -2"));
		this.runner.withBean(Notifier.class).withPropertyValues("taobus.handlers.async-retries=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure().hasStackTraceContaining("taobus.handlers.async-retries must not be negative"));
	}

	/** The retries a failing call of the handler carries. */
	private static AsyncRetries retries(ApplicationContext context, String term) throws Exception {
		List<HandlerCall> calls = new CopyOnWriteArrayList<>();
		context.getBean(Kernel.class)
			.dispatch(AppCon.of(Trigram.of(term, "sent", "app"), null), System.nanoTime(), UnaryOperator.identity(), 0,
					"key", calls::add)
			.toCompletableFuture().get(20, TimeUnit.SECONDS);
		assertThat(calls).hasSize(1);
		return calls.getFirst().retries();
	}

	static class Notifier {

		@TaoAsync(term = "chat", retries = 2, backoff = "30s")
		void chat() {
		}

		@TaoAsync(term = "mail")
		void mail() {
		}

		@TaoAsync(term = "sms", retries = 0)
		void sms() {
		}

	}

	static class BadBackoff {

		@TaoAsync(term = "x", backoff = "-5s")
		void on() {
		}

	}

	static class BadRetries {

		@TaoAsync(term = "x", retries = -2)
		void on() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class KernelConfig {

		@Bean(destroyMethod = "close")
		Kernel kernel() {
			return Kernel.builder().build();
		}

	}

}
