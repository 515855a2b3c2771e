package io.taobus.handler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.Kernel;
import io.taobus.tao.Transponder;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TaoResponse}: an inline or async handler so marked is registered as a response handler, whose
 * AppCon answers a request rather than the first chained one; on an intercept, without a phase
 * annotation, or on a method that returns no AppCon, it stops startup naming the method.
 */
class HandlerResponseTests {

	static final Trigram QUOTE = Trigram.of("quote", "ask", "api");

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(KernelConfig.class, HandlerConfiguration.class);

	@Test
	void aResponseHandlerAnswersTheRequestRatherThanTheFirstChainedAppCon() {
		this.runner.withBean(Quotes.class).run((context) -> {
			Kernel kernel = context.getBean(Kernel.class);
			assertThat(kernel.responseHandlers()).containsExactly(new HandlerInfo(Trigram.of("quote", "ask", "*"), HandlerKind.ASYNC, "Quotes#price"));
			AppCon response = Transponder.on(kernel, Duration.ofSeconds(10))
				.setCtx(QUOTE, "ACME")
				.toCompletableFuture()
				.get(10, TimeUnit.SECONDS);
			assertThat(response).isEqualTo(AppCon.of(Trigram.of("quote", "priced", "api"), "ACME:42"));
		});
	}

	@Test
	void aResponseThatCannotBeOneStopsStartupNamingTheMethod() {
		this.runner.withBean(ResponseIntercept.class).run((context) -> assertThat(context.getStartupFailure())
			.hasStackTraceContaining("ResponseIntercept#gate is a @TaoResponse and a @TaoIntercept"));
		this.runner.withBean(ResponseAlone.class).run((context) -> assertThat(context.getStartupFailure())
			.hasStackTraceContaining("ResponseAlone#alone is a @TaoResponse without @TaoInline or @TaoAsync"));
		this.runner.withBean(ResponseVoid.class).run((context) -> assertThat(context.getStartupFailure())
			.hasStackTraceContaining("ResponseVoid#nothing is a @TaoResponse and must return AppCon, not void"));
	}

	@Configuration(proxyBeanMethods = false)
	static class KernelConfig {

		@Bean(destroyMethod = "close")
		Kernel kernel() {
			return Kernel.builder().build();
		}

	}

	static class Quotes {

		@TaoInline(term = "quote", action = "ask")
		AppCon audit(AppCon request) {
			return AppCon.of(Trigram.of("quote", "audited", "api"), null);
		}

		@TaoAsync(term = "quote", action = "ask")
		@TaoResponse
		AppCon price(String symbol) {
			return AppCon.of(Trigram.of("quote", "priced", "api"), symbol + ":42");
		}

	}

	static class ResponseIntercept {

		@TaoIntercept(term = "quote")
		@TaoInline(term = "quote")
		@TaoResponse
		AppCon gate() {
			return null;
		}

	}

	static class ResponseAlone {

		@TaoResponse
		AppCon alone() {
			return null;
		}

	}

	static class ResponseVoid {

		@TaoInline(term = "quote")
		@TaoResponse
		void nothing() {
		}

	}

}
