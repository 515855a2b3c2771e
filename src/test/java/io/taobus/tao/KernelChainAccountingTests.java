package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How chained AppCons are counted: the first one a dispatch chains takes over that dispatch's place in
 * the cascade and its admission, the others are counted in. Whatever the shape of the chain, the
 * kernel counts exactly the dispatches still to end, becomes idle when the last one has, and tells of
 * the cascade's end once, after its last handler call.
 */
class KernelChainAccountingTests {

	static final Trigram START = Trigram.of("chain", "start", "o");

	static final Trigram FAN = Trigram.of("chain", "fan", "o");

	final Calls calls = new Calls();

	Kernel kernel = Kernel.builder().listener(this.calls).build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	@Test
	void aChainThatFansOutCountsEachDispatchUntilItEndsAndEndsTheCascadeOnce() throws Exception {
		CountDownLatch entered = new CountDownLatch(3);
		CountDownLatch release = new CountDownLatch(1);
		this.kernel.addInlineHandler(START, "start", (ac) -> AppCon.of(FAN, null));
		for (int i = 0; i < 3; i++) {
			Trigram leaf = Trigram.of("chain", "leaf" + i, "o");
			this.kernel.addInlineHandler(FAN, "fan" + i, (ac) -> AppCon.of(leaf, null));
			// a sibling is forked once the dispatch before it has taken its first step (tao.js's first await)
			this.kernel.addInterceptHandler(leaf, "step" + i, (ac) -> Intercept.proceed());
			this.kernel.addInlineHandler(leaf, "leaf" + i, (ac) -> {
				entered.countDown();
				release.await();
				return null;
			});
		}
		this.kernel.setAppCon(AppCon.of(START, null));

		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.kernel.pendingDispatches()).isEqualTo(3); // the three leaves, and nothing else
		assertThat(this.kernel.isIdle()).isFalse();
		assertThat(this.calls.cascadesFinished).hasValue(0);
		release.countDown();

		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.kernel.pendingDispatches()).isZero();
		assertThat(this.calls.finished).hasValue(1 + 3 + 3 + 3);
		assertThat(this.calls.cascadesFinished).hasValue(1);
		assertThat(this.calls.finishedWhenTheCascadeEnded).hasValue(1 + 3 + 3 + 3);
	}

	@Test
	void aLongSingleChainHoldsOneDispatchAtATime() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		int links = 50;
		for (int i = 0; i < links; i++) {
			Trigram next = Trigram.of("chain", "link" + (i + 1), "o");
			this.kernel.addInlineHandler(Trigram.of("chain", "link" + i, "o"), "link" + i,
					(ac) -> AppCon.of(next, null));
		}
		this.kernel.addInlineHandler(Trigram.of("chain", "link" + links, "o"), "end", (ac) -> {
			entered.countDown();
			release.await();
			return null;
		});
		this.kernel.setAppCon(AppCon.of(Trigram.of("chain", "link0", "o"), null));

		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.kernel.pendingDispatches()).isEqualTo(1);
		release.countDown();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.kernel.pendingDispatches()).isZero();
		assertThat(this.calls.cascadesFinished).hasValue(1);
		assertThat(this.calls.finishedWhenTheCascadeEnded).hasValue(links + 1);
	}

	@Test
	void aChainRefusedAtTheDepthLimitStillEndsItsDispatch() {
		this.kernel = Kernel.builder().maxCascadeDepth(2).listener(this.calls).build();
		this.kernel.addInlineHandler(START, "loop", (ac) -> AppCon.of(START, null));
		this.kernel.setAppCon(AppCon.of(START, null));

		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.kernel.pendingDispatches()).isZero();
		assertThat(this.calls.finished).hasValue(3); // depths 0, 1 and 2
		assertThat(this.calls.cascadesFinished).hasValue(1);
	}

	/** Counts handler calls and cascade ends, and how many calls had ended when the cascade did. */
	static final class Calls implements KernelListener {

		final AtomicInteger finished = new AtomicInteger();

		final AtomicInteger cascadesFinished = new AtomicInteger();

		final AtomicInteger finishedWhenTheCascadeEnded = new AtomicInteger(-1);

		@Override
		public void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome,
				@Nullable Throwable error) {
			this.finished.incrementAndGet();
		}

		@Override
		public void cascadeFinished(AppCon root, long nanos) {
			this.cascadesFinished.incrementAndGet();
			this.finishedWhenTheCascadeEnded.set(this.finished.get());
		}

	}

}
