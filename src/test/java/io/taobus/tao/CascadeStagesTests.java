package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.taobus.tao.TransponderTests.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Kernel#dispatchStaged}: the inline stage ends once the intercepts and inline handlers of the
 * AppCon and of what they chained have returned, while an async call still runs, with the first inline
 * failure; the cascade's stage ends after the async call. An AppCon no handler matches ends both at once.
 */
class CascadeStagesTests {

	static final Trigram ORDER = Trigram.of("Order", "Place", "Shop");

	static final Trigram CHECKED = Trigram.of("Order", "Checked", "Shop");

	final Kernel kernel = Kernel.builder().build();

	final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.release.countDown();
		this.kernel.close(Duration.ofSeconds(5));
	}

	CascadeStages dispatch(AppCon appCon) {
		return this.kernel.dispatchStaged(appCon, System.nanoTime(), UnaryOperator.identity(), 0);
	}

	@Test
	void theInlineStageEndsWithTheChainedInlineHandlersWhileAnAsyncCallRuns() throws Exception {
		CountDownLatch chainedRan = new CountDownLatch(1);
		this.kernel.addInlineHandler(ORDER, "check", (ac) -> AppCon.of(CHECKED, null));
		this.kernel.addInlineHandler(CHECKED, "book", (ac) -> {
			chainedRan.countDown();
			return null;
		});
		this.kernel.addAsyncHandler(ORDER, "mail", (ac) -> {
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		CascadeStages stages = dispatch(AppCon.of(ORDER, null));
		CascadeResult inline = value(stages.inline());
		assertThat(chainedRan.getCount()).as("the chained inline handler ran before").isZero();
		assertThat(inline.failed()).isFalse();
		assertThat(inline.handlerCalls()).isEqualTo(2);
		assertThat(stages.cascade().toCompletableFuture()).isNotDone();
		this.release.countDown();
		assertThat(value(stages.cascade()).handlerCalls()).isEqualTo(3);
	}

	@Test
	void anInlineFailureIsTheInlineStagesAndAnAppConNoHandlerMatchesEndsBothAtOnce() throws Exception {
		this.kernel.addInlineHandler(ORDER, "check", (ac) -> {
			throw new IllegalStateException("out of stock");
		});
		CascadeResult inline = value(dispatch(AppCon.of(ORDER, null)).inline());
		assertThat(inline.failure()).isInstanceOf(IllegalStateException.class).hasMessage("out of stock");
		CascadeStages none = dispatch(AppCon.of(Trigram.of("Nobody", "Handles", "This"), null));
		assertThat(value(none.inline())).isEqualTo(CascadeResult.NONE);
		assertThat(value(none.cascade())).isEqualTo(CascadeResult.NONE);
	}

	@Test
	void aCascadeThatEndsAtOnceEndsItsInlineStageWithIt() throws Exception {
		this.kernel.addInlineHandler(ORDER, "check", (ac) -> null);
		CascadeStages stages = dispatch(AppCon.of(ORDER, null));
		value(stages.cascade());
		assertThat(value(stages.inline()).handlerCalls()).isEqualTo(1);
	}

}
