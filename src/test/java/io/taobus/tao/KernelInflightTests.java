package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Bounded memory: running async calls count against {@code maxPendingDispatches}, and weighed AppCons
 * (a request body's size) against {@code maxInflightBytes} until their whole cascade has finished,
 * async calls and chained AppCons included.
 */
class KernelInflightTests {

	static final Trigram BODY = Trigram.of("body", "a", "o");

	static final Trigram NEXT = Trigram.of("next", "a", "o");

	final Recorder recorder = new Recorder();

	final CountDownLatch release = new CountDownLatch(1);

	Kernel kernel = Kernel.builder().build();

	@AfterEach
	void close() {
		this.release.countDown();
		this.kernel.close(Duration.ofSeconds(5));
	}

	@Test
	void runningAsyncCallsCountAgainstTheAdmissionLimit() {
		this.kernel = Kernel.builder().maxPendingDispatches(2).listener(this.recorder).build();
		this.kernel.addAsyncHandler(BODY, "slow", (ac) -> {
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.setCtx(BODY, 1);
		// a dispatch hands over to its async call before it counts itself out: for that instant it counts as
		// both, so the second is set once the first is only an async call
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.kernel.pendingDispatches() == 0 && this.kernel.activeAsync() == 1);
		this.kernel.setCtx(BODY, 2);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.kernel.pendingDispatches() == 0 && this.kernel.activeAsync() == 2);
		assertThatThrownBy(() -> this.kernel.setCtx(BODY, 3)).isInstanceOf(KernelSaturatedException.class)
			.hasMessageContaining("2 async calls in flight");
		this.release.countDown();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		this.kernel.setCtx(BODY, 4);
	}

	@Test
	void aWeightCountsUntilItsAsyncCallsAndWhatTheyChainHaveFinished() {
		this.kernel = Kernel.builder().maxInflightBytes(1000).listener(this.recorder).build();
		CountDownLatch chainedRuns = new CountDownLatch(1);
		this.kernel.addAsyncHandler(BODY, "forward", (ac) -> AppCon.of(NEXT, null));
		this.kernel.addAsyncHandler(NEXT, "slow", (ac) -> {
			chainedRuns.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.setAppCon(AppCon.of(BODY, null), System.nanoTime(), UnaryOperator.identity(), 600);
		assertThat(this.kernel.inflightBytes()).isEqualTo(600);
		await().atMost(Duration.ofSeconds(10)).until(() -> chainedRuns.getCount() == 0);
		assertThat(this.kernel.inflightBytes()).isEqualTo(600);
		assertThatThrownBy(() -> this.kernel.setAppCon(AppCon.of(BODY, null), System.nanoTime(),
				UnaryOperator.identity(), 500))
			.isInstanceOf(KernelSaturatedException.class)
			.hasMessageContaining("600 bytes in flight, 500 more would pass taobus maxInflightBytes 1000");
		assertThat(this.recorder.events("rejected")).containsExactly("rejected:" + BODY + ":saturated");
		// a lighter one still fits, and an unweighed one is never refused for bytes
		this.kernel.setAppCon(AppCon.of(NEXT, null), System.nanoTime(), UnaryOperator.identity(), 400);
		this.kernel.setCtx(NEXT, null);
		assertThat(this.kernel.inflightBytes()).isEqualTo(1000);
		this.release.countDown();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.kernel.inflightBytes() == 0);
	}

	@Test
	void anOversizedAppConIsAdmittedAloneAndAnUnmatchedOneReleasesAtOnce() {
		this.kernel = Kernel.builder().maxInflightBytes(100).build();
		this.kernel.addInlineHandler(BODY, "slow", (ac) -> {
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.setAppCon(AppCon.of(Trigram.of("nobody", "a", "o"), null), System.nanoTime(),
				UnaryOperator.identity(), 80);
		assertThat(this.kernel.inflightBytes()).isZero();
		this.kernel.setAppCon(AppCon.of(BODY, null), System.nanoTime(), UnaryOperator.identity(), 5000);
		assertThat(this.kernel.inflightBytes()).isEqualTo(5000);
		assertThatThrownBy(() -> this.kernel.setAppCon(AppCon.of(BODY, null), System.nanoTime(),
				UnaryOperator.identity(), 1)).isInstanceOf(KernelSaturatedException.class);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.kernel.inflightBytes() == 0);
	}

	@Test
	void aWeightOfAWatchedDispatchIsReleasedWithItsStage() throws Exception {
		this.kernel = Kernel.builder().maxInflightBytes(100).build();
		this.kernel.addInlineHandler(BODY, "quick", (ac) -> null);
		CascadeResult result = this.kernel.dispatch(AppCon.of(BODY, null), System.nanoTime(), UnaryOperator.identity(), 70)
			.toCompletableFuture().get(10, TimeUnit.SECONDS);
		assertThat(result.handlerCalls()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.kernel.inflightBytes() == 0);
	}

	@Test
	void withoutALimitWeightsAreNotCounted() {
		this.kernel.addInlineHandler(BODY, "quick", (ac) -> null);
		this.kernel.setAppCon(AppCon.of(BODY, null), System.nanoTime(), UnaryOperator.identity(), Long.MAX_VALUE);
		assertThat(this.kernel.inflightBytes()).isZero();
		assertThat(this.kernel.maxInflightBytes()).isZero();
		assertThatThrownBy(() -> Kernel.builder().maxInflightBytes(-1)).isInstanceOf(IllegalArgumentException.class);
	}

}
