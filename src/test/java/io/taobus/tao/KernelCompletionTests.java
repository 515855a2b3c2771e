package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Kernel#dispatch}: the stage of a watched cascade completes once every handler it reached has
 * finished, at any depth and across async hops, with its counts and first failure, and never hangs.
 */
class KernelCompletionTests {

	static final Trigram A = Trigram.of("order", "placed", "shop");

	static final Trigram B = Trigram.of("invoice", "issued", "shop");

	static final Trigram C = Trigram.of("mail", "sent", "shop");

	final Recorder recorder = new Recorder();

	Kernel kernel = Kernel.builder().listener(this.recorder).build();

	final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.release.countDown();
		this.kernel.close(Duration.ofSeconds(5));
	}

	CompletionStage<CascadeResult> dispatch(Trigram trigram) {
		return this.kernel.dispatch(AppCon.of(trigram, null), System.nanoTime(), UnaryOperator.identity());
	}

	static CascadeResult result(CompletionStage<CascadeResult> stage) throws Exception {
		return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
	}

	@Test
	void chainedInlineHandlersAtEveryDepthAreCounted() throws Exception {
		this.kernel.addInlineHandler(A, "a1", (ac) -> AppCon.of(B, null));
		this.kernel.addInlineHandler(A, "a2", (ac) -> AppCon.of(C, null));
		this.kernel.addInlineHandler(B, "b", (ac) -> AppCon.of(C, null));
		this.kernel.addInlineHandler(C, "c", (ac) -> null);
		CascadeResult result = result(dispatch(A));
		// a1, a2, b, c (from a2), c (from b): all finished before the stage completed
		assertThat(result).isEqualTo(new CascadeResult(5, 0, null));
		assertThat(result.failed()).isFalse();
		assertThat(this.recorder.events("finished")).hasSize(5);
	}

	@Test
	void aDivertingInterceptContinuesTheCascadeWithItsAppCon() throws Exception {
		this.kernel.addInterceptHandler(A, "guard", (ac) -> Intercept.divert(AppCon.of(B, null)));
		this.kernel.addInlineHandler(A, "skipped", (ac) -> null);
		this.kernel.addInlineHandler(B, "b", (ac) -> null);
		assertThat(result(dispatch(A))).isEqualTo(new CascadeResult(2, 0, null));
		assertThat(this.recorder.events("finished")).containsExactly("finished:intercept:guard:diverted",
				"finished:inline:b:success");
	}

	@Test
	void aHaltingInterceptEndsTheCascade() throws Exception {
		this.kernel.addInterceptHandler(A, "guard", (ac) -> Intercept.halt());
		this.kernel.addInlineHandler(A, "skipped", (ac) -> null);
		assertThat(result(dispatch(A))).isEqualTo(new CascadeResult(1, 0, null));
	}

	@Test
	void anAsyncCallDeepInTheChainHoldsTheStageOpen() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		this.kernel.addInlineHandler(A, "a", (ac) -> AppCon.of(B, null));
		this.kernel.addInlineHandler(B, "b", (ac) -> AppCon.of(C, null));
		this.kernel.addAsyncHandler(C, "slow", (ac) -> {
			inside.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		CompletableFuture<CascadeResult> stage = dispatch(A).toCompletableFuture();
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		// the inline chain is over (the cascade as listeners see it), the async call is not
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.events("cascade-finished").size() == 1);
		assertThat(stage).isNotDone();
		this.release.countDown();
		assertThat(result(stage)).isEqualTo(new CascadeResult(3, 0, null));
	}

	@Test
	void anAppConReturnedByAnAsyncHandlerIsFollowedWithItsOwnAsyncHandlers() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		this.kernel.addAsyncHandler(A, "a", (ac) -> AppCon.of(B, null));
		this.kernel.addInlineHandler(B, "b-inline", (ac) -> AppCon.of(C, null));
		this.kernel.addAsyncHandler(B, "b-async", (ac) -> {
			inside.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			return AppCon.of(C, null);
		});
		this.kernel.addAsyncHandler(C, "c", (ac) -> null);
		CompletableFuture<CascadeResult> stage = dispatch(A).toCompletableFuture();
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.events("finished:async:c").size() == 1);
		assertThat(stage).isNotDone();
		this.release.countDown();
		// a, b-inline, b-async, c (from b-inline), c (from b-async)
		assertThat(result(stage)).isEqualTo(new CascadeResult(5, 0, null));
		assertThat(this.recorder.events("finished:async:c")).hasSize(2);
	}

	@Test
	void anInlineErrorIsTheFailureAndEndsTheDispatchAsBefore() throws Exception {
		IllegalStateException boom = new IllegalStateException("boom");
		this.kernel.addAsyncHandler(A, "async", (ac) -> null);
		this.kernel.addInlineHandler(A, "failing", (ac) -> {
			throw boom;
		});
		this.kernel.addInlineHandler(A, "skipped", (ac) -> AppCon.of(B, null));
		this.kernel.addInlineHandler(B, "never", (ac) -> null);
		CascadeResult result = result(dispatch(A));
		assertThat(result.failed()).isTrue();
		assertThat(result.failure()).isSameAs(boom);
		assertThat(result.handlerCalls()).isEqualTo(2);
		assertThat(result.asyncErrors()).isZero();
		assertThat(this.recorder.events("finished:inline")).containsExactly("finished:inline:failing:error");
	}

	@Test
	void theFirstOfSeveralFailuresIsKept() throws Exception {
		IllegalStateException first = new IllegalStateException("first");
		this.kernel.addInterceptHandler(A, "failing-intercept", (ac) -> {
			throw first;
		});
		assertThat(result(dispatch(A)).failure()).isSameAs(first);
		this.kernel.addInlineHandler(B, "b", (ac) -> {
			throw new IllegalArgumentException("b");
		});
		this.kernel.addInlineHandler(C, "c1", (ac) -> AppCon.of(B, null));
		CascadeResult chained = result(dispatch(C));
		assertThat(chained.failure()).isInstanceOf(IllegalArgumentException.class).hasMessage("b");
		assertThat(chained.handlerCalls()).isEqualTo(2);
	}

	@Test
	void anAsyncErrorIsCountedAndSwallowedNotAFailure() throws Exception {
		this.kernel.addAsyncHandler(A, "failing", (ac) -> {
			throw new IllegalStateException("swallowed");
		});
		this.kernel.addAsyncHandler(A, "fine", (ac) -> null);
		this.kernel.addInlineHandler(A, "inline", (ac) -> null);
		CascadeResult result = result(dispatch(A));
		assertThat(result).isEqualTo(new CascadeResult(3, 1, null));
		assertThat(result.failed()).isFalse();
		assertThat(this.recorder.log).contains("swallowed:failing:swallowed");
	}

	@Test
	void anAppConNothingMatchesCompletesAtOnceWithZeros() {
		this.kernel.addInlineHandler(B, (ac) -> null);
		CompletableFuture<CascadeResult> stage = dispatch(A).toCompletableFuture();
		assertThat(stage).isCompletedWithValue(new CascadeResult(0, 0, null));
		assertThat(this.kernel.isIdle()).isTrue();
	}

	@Test
	void anIgnoredWildcardCompletesAtOnceWithZeros() {
		this.kernel.addInlineHandler(Trigram.of("order", null, null), (ac) -> null);
		CompletableFuture<CascadeResult> stage = dispatch(Trigram.of("order", null, null)).toCompletableFuture();
		assertThat(stage).isCompletedWithValue(new CascadeResult(0, 0, null));
		assertThat(this.recorder.log).contains("wildcard-ignored:" + Trigram.of("order", null, null));
	}

	@Test
	void aChainStoppedAtTheDepthLimitCompletesWithWhatRan() throws Exception {
		this.kernel = Kernel.builder().maxCascadeDepth(5).listener(this.recorder).build();
		this.kernel.addInlineHandler(A, "a", (ac) -> AppCon.of(B, null));
		this.kernel.addAsyncHandler(B, "b", (ac) -> AppCon.of(A, null));
		CascadeResult result = result(dispatch(A));
		assertThat(result).isEqualTo(new CascadeResult(6, 0, null)); // depths 0 to 5
		assertThat(this.recorder.events("depth-exceeded")).hasSize(1);
	}

	@Test
	void dispatchRefusesLikeSetAppCon() throws Exception {
		this.kernel = Kernel.builder().maxPendingDispatches(1).listener(this.recorder).build();
		CountDownLatch inside = new CountDownLatch(1);
		this.kernel.addInlineHandler(A, (ac) -> {
			inside.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		CompletionStage<CascadeResult> first = dispatch(A);
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatThrownBy(() -> dispatch(A)).isInstanceOf(KernelSaturatedException.class)
			.isNotInstanceOf(KernelClosedException.class);
		this.release.countDown();
		assertThat(result(first)).isEqualTo(new CascadeResult(1, 0, null));
		this.kernel.close(Duration.ofSeconds(5));
		assertThatThrownBy(() -> dispatch(A)).isInstanceOf(KernelClosedException.class);
		assertThatThrownBy(() -> dispatch(B)).isInstanceOf(KernelClosedException.class);
	}

	@Test
	void aCloseThatGivesUpEndsTheStagesStillOpen() throws Exception {
		CountDownLatch inside = new CountDownLatch(2);
		this.kernel.addInlineHandler(A, "hung", (ac) -> {
			inside.countDown();
			this.release.await(30, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.addAsyncHandler(B, "hung-async", (ac) -> {
			inside.countDown();
			this.release.await(30, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.addInlineHandler(C, "quick", (ac) -> null);
		CompletableFuture<CascadeResult> hung = dispatch(A).toCompletableFuture();
		CompletableFuture<CascadeResult> hungAsync = dispatch(B).toCompletableFuture();
		CompletableFuture<CascadeResult> quick = dispatch(C).toCompletableFuture();
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(result(quick)).isEqualTo(new CascadeResult(1, 0, null));
		assertThat(this.kernel.close(Duration.ofMillis(50))).isFalse();
		for (CompletableFuture<CascadeResult> stage : java.util.List.of(hung, hungAsync)) {
			assertThat(stage).isCompletedExceptionally();
			assertThatThrownBy(() -> stage.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(KernelClosedException.class)
				.hasMessageContaining("closed before the cascade finished");
		}
		this.release.countDown();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(hung).isCompletedExceptionally(); // the late end does not complete it again
	}

	@Test
	void callersCannotCompleteTheStage() {
		this.kernel.addInlineHandler(A, (ac) -> {
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		CompletionStage<CascadeResult> stage = dispatch(A);
		assertThatThrownBy(() -> ((CompletableFuture<CascadeResult>) stage).complete(CascadeResult.NONE))
			.isInstanceOf(UnsupportedOperationException.class);
	}

}
