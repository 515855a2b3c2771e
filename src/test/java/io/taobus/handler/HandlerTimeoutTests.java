package io.taobus.handler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.taobus.tao.AppCon;
import io.taobus.tao.CascadeResult;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerTimeoutException;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelListener;
import io.taobus.tao.Outcome;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code timeout} attribute of the handler annotations: a duration (placeholders resolved)
 * overrides the kernel's default, {@code "0"} opts out of it, empty keeps it, and a bad one stops
 * startup naming the method.
 */
class HandlerTimeoutTests {

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(KernelWithDefault.class, HandlerConfiguration.class);

	@Test
	void annotationTimeoutsOverrideOrKeepTheKernelDefault() {
		this.runner.withBean(Handlers.class).withPropertyValues("test.timeout=150ms").run((context) -> {
			Kernel kernel = context.getBean(Kernel.class);
			Outcomes outcomes = context.getBean(Outcomes.class);
			CascadeResult result = kernel
				.dispatch(AppCon.of(Trigram.of("order", "placed", "shop"), null), System.nanoTime(),
						UnaryOperator.identity())
				.toCompletableFuture()
				.get(20, TimeUnit.SECONDS);
			// own (placeholder) and default time out; patient opts out and outlives both
			assertThat(result.handlerCalls()).isEqualTo(3);
			assertThat(result.asyncErrors()).isEqualTo(2);
			assertThat(result.failed()).isFalse();
			assertThat(outcomes.seen).containsExactlyInAnyOrder("Handlers#own:timeout:150ms",
					"Handlers#byDefault:timeout:100ms", "Handlers#patient:success");
		});
	}

	@Test
	void aBadTimeoutStopsStartupNamingTheMethod() {
		this.runner.withBean(BadHandlers.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("negative");
			assertThat(context.getStartupFailure()).hasStackTraceContaining("BadHandlers#bad")
				.hasStackTraceContaining("invalid timeout '-1s'");
		});
		this.runner.withBean(UnreadableHandlers.class).run((context) -> assertThat(context.getStartupFailure())
			.hasStackTraceContaining("UnreadableHandlers#unreadable has an invalid timeout 'soon'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class KernelWithDefault {

		@Bean
		Outcomes outcomes() {
			return new Outcomes();
		}

		@Bean(destroyMethod = "close")
		Kernel kernel(Outcomes outcomes) {
			return Kernel.builder().handlerTimeout(Duration.ofMillis(100)).listener(outcomes).build();
		}

	}

	static class Outcomes implements KernelListener {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome,
				@Nullable Throwable error) {
			this.seen.add(handler.name() + ":" + outcome.tag()
					+ ((error instanceof HandlerTimeoutException timeout) ? ":" + timeout.timeout().toMillis() + "ms" : ""));
		}

	}

	static class Handlers {

		final CountDownLatch interrupted = new CountDownLatch(2);

		@TaoAsync(term = "order", timeout = "${test.timeout}")
		void own() throws InterruptedException {
			waitForInterrupt();
		}

		@TaoAsync(term = "order")
		void byDefault() throws InterruptedException {
			waitForInterrupt();
		}

		@TaoInline(term = "order", timeout = "0")
		void patient() throws InterruptedException {
			assertThat(this.interrupted.await(20, TimeUnit.SECONDS)).isTrue();
		}

		private void waitForInterrupt() throws InterruptedException {
			try {
				new CountDownLatch(1).await();
			}
			finally {
				this.interrupted.countDown();
			}
		}

	}

	static class BadHandlers {

		@TaoIntercept(term = "order", timeout = "-1s")
		void bad() {
		}

	}

	static class UnreadableHandlers {

		@TaoInline(term = "order", timeout = "soon")
		void unreadable() {
		}

	}

}
