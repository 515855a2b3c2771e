package io.taobus.handler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.taobus.tao.AppCon;
import io.taobus.tao.CascadeResult;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code condition} of the handler annotations, as {@code @EventListener}'s: a call runs only when
 * it holds, read on the bound event or the AppCon; one that does not parse stops the startup, one that
 * yields no boolean fails the call, each naming the handler.
 */
class HandlerConditionTests {

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(KernelConfig.class, HandlerConfiguration.class);

	@Test
	void aCallRunsOnlyWhenItsConditionHolds() {
		this.runner.withBean(Large.class).run((context) -> {
			Kernel kernel = context.getBean(Kernel.class);
			dispatch(kernel, Map.of("amount", 50), "shop");
			dispatch(kernel, Map.of("amount", 5000), "shop");
			dispatch(kernel, Map.of("amount", 7000), "test");
			assertThat(context.getBean(Large.class).seen).containsExactly(new Payment(5000L));
		});
	}

	@Test
	void aConditionThatDoesNotParseStopsTheStartup() {
		this.runner.withBean(Unparsable.class).run((context) -> assertThat(context.getStartupFailure())
			.hasStackTraceContaining("TAO handler Unparsable#on has a condition that does not parse: 'event.amount() >'"));
	}

	@Test
	void aConditionThatYieldsNoBooleanFailsTheCall() throws Exception {
		this.runner.withBean(NotBoolean.class).run((context) -> {
			CascadeResult result = dispatch(context.getBean(Kernel.class), Map.of("amount", 1), "shop");
			assertThat(result.failure()).hasMessageContaining("TAO handler NotBoolean#on: its condition 'event.amount()'")
				.hasMessageContaining("not true or false");
		});
	}

	private static CascadeResult dispatch(Kernel kernel, Map<String, Object> data, String orient) throws Exception {
		return kernel.dispatch(new AppCon(Trigram.of("payment", "made", orient), data, null, null), System.nanoTime(),
				UnaryOperator.identity()).toCompletableFuture().get(20, TimeUnit.SECONDS);
	}

	record Payment(Long amount) {

	}

	static class Large {

		final List<Payment> seen = new CopyOnWriteArrayList<>();

		@TaoInline(term = "payment", condition = "event.amount() > 1000 and appCon.orient() != 'test'")
		void on(Payment payment) {
			this.seen.add(payment);
		}

	}

	static class Unparsable {

		@TaoInline(term = "payment", condition = "event.amount() >")
		void on(Payment payment) {
		}

	}

	static class NotBoolean {

		@TaoInline(term = "payment", condition = "event.amount()")
		void on(Payment payment) {
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
