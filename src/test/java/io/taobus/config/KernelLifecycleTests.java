package io.taobus.config;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel closes with its context, and a drain that times out is logged with what it abandons. */
@ExtendWith(OutputCaptureExtension.class)
class KernelLifecycleTests {

	@Test
	void aDrainTimeoutIsLoggedWithItsCounts(CapturedOutput output) throws Exception {
		Kernel kernel = Kernel.builder().build();
		CountDownLatch release = new CountDownLatch(1);
		kernel.addAsyncHandler(Trigram.of("slow", null, null), (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		kernel.setCtx(Trigram.of("slow", "a", "o"), null);
		kernel.setCtx(Trigram.of("slow", "b", "o"), null);
		new KernelLifecycle(kernel, Duration.ofMillis(50)).onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
		assertThat(kernel.isClosed()).isTrue();
		assertThat(output.getOut()).contains("The TAO kernel did not drain within taobus.kernel.close-timeout (PT0.05S):",
				"2 async calls running and 0 waiting are abandoned");
		release.countDown();
		assertThat(kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void aDrainInTimeLogsNothing(CapturedOutput output) {
		Kernel kernel = Kernel.builder().build();
		kernel.addInlineHandler(Trigram.of("quick", null, null), (ac) -> null);
		kernel.setCtx(Trigram.of("quick", "a", "o"), null);
		new KernelLifecycle(kernel, Duration.ofSeconds(10)).onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
		assertThat(kernel.isClosed()).isTrue();
		assertThat(kernel.isIdle()).isTrue();
		assertThat(output.getOut()).doesNotContain("did not drain");
	}

}
