package io.taobus.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.taobus.tao.Kernel;
import io.taobus.tao.KernelClosedException;
import io.taobus.tao.KernelListener;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kernel drains once, when its own context closes, at its shutdown phase: not again as a bean, not
 * when a child context closes, not when the context is only stopped; a drain that times out is logged
 * with what it abandons.
 */
@ExtendWith(OutputCaptureExtension.class)
class KernelLifecycleTests {

	final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void release() {
		this.release.countDown();
	}

	@Test
	void closingTheContextDrainsTheKernelExactlyOnce(CapturedOutput output) {
		AnnotationConfigApplicationContext context = context();
		Kernel kernel = context.getBean(Kernel.class);
		Drains drains = context.getBean(Drains.class);
		occupy(kernel);
		context.close();
		assertThat(kernel.isClosed()).isTrue();
		// each drain that gives up reports it: one close, not one per event and one as a destroy method
		assertThat(drains.timedOut).hasValue(1);
		assertThat(output.getOut()).containsOnlyOnce("The TAO kernel did not drain");
		// the counts follow the interrupt: the sleeping async call may already have ended on it
		assertThat(output.getOut()).contains("within taobus.kernel.close-timeout (PT0.05S): its running handlers were interrupted")
			.containsPattern("[01] async calls running and 0 waiting are abandoned");
		assertThatThrownBy(() -> kernel.setCtx(Trigram.of("slow", "b", "o"), null))
			.isInstanceOf(KernelClosedException.class);
	}

	@Test
	void aChildContextsCloseOrAStopLeavesTheKernelOpen() {
		AnnotationConfigApplicationContext context = context();
		Kernel kernel = context.getBean(Kernel.class);
		Drains drains = context.getBean(Drains.class);
		GenericApplicationContext child = new GenericApplicationContext();
		child.setParent(context);
		child.refresh();
		child.close();
		assertThat(kernel.isClosed()).isFalse();
		context.stop(); // as the test context cache pauses a context
		assertThat(kernel.isClosed()).isFalse();
		context.start();
		kernel.setCtx(Trigram.of("quick", "a", "o"), null);
		context.close();
		assertThat(kernel.isClosed()).isTrue();
		assertThat(drains.timedOut).hasValue(0);
	}

	@Test
	void aContextStoppedThenClosedStillDrainsTheKernelOnce() {
		AnnotationConfigApplicationContext context = context();
		Kernel kernel = context.getBean(Kernel.class);
		Drains drains = context.getBean(Drains.class);
		occupy(kernel);
		context.stop();
		assertThat(kernel.isClosed()).isFalse();
		context.close();
		assertThat(kernel.isClosed()).isTrue();
		assertThat(drains.timedOut).hasValue(1);
	}

	@Test
	void theKernelDrainsAfterTheWebServersGracefulShutdownAndBeforeTheInboxsLeases() {
		assertThat(ShutdownPhases.WEB_SERVER_GRACEFUL).isEqualTo(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
		assertThat(new KernelLifecycle(Kernel.builder().build(), Duration.ZERO).getPhase())
			.isLessThan(ShutdownPhases.WEB_SERVER_GRACEFUL)
			.isGreaterThan(ShutdownPhases.AFTER_KERNEL_DRAIN);
		assertThat(ShutdownPhases.AFTER_KERNEL_DRAIN).isGreaterThan(ShutdownPhases.WEB_SERVER_STOP);
	}

	@Test
	void aDrainInTimeLogsNothing(CapturedOutput output) {
		Kernel kernel = Kernel.builder().build();
		kernel.addInlineHandler(Trigram.of("quick", null, null), (ac) -> null);
		kernel.setCtx(Trigram.of("quick", "a", "o"), null);
		new KernelLifecycle(kernel, Duration.ofSeconds(10)).drain();
		assertThat(kernel.isClosed()).isTrue();
		assertThat(kernel.isIdle()).isTrue();
		assertThat(output.getOut()).doesNotContain("did not drain");
	}

	private void occupy(Kernel kernel) {
		kernel.addAsyncHandler(Trigram.of("slow", null, null), (ac) -> {
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		kernel.setCtx(Trigram.of("slow", "a", "o"), null);
	}

	private static AnnotationConfigApplicationContext context() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test",
				java.util.Map.of("taobus.kernel.close-timeout", "50ms")));
		context.register(KernelConfiguration.class, Drains.class);
		context.refresh();
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(KernelProperties.class)
	static class Drains implements KernelListener {

		final AtomicInteger timedOut = new AtomicInteger();

		@Override
		public void closeTimedOut(int interrupted, int abandoned) {
			this.timedOut.incrementAndGet();
		}

	}

}
