package io.taobus.tao;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kernel without listeners reads no clock for a handler call nothing times, yet the calls that are
 * timed still are: a handler's deadline ends a call past its timeout, and the calls of a recorded
 * cascade carry how long they ran.
 */
class KernelClockTests {

	static final Trigram SLOW = Trigram.of("clock", "slow", "o");

	final Kernel kernel = Kernel.builder().build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	@Test
	void aHandlerTimeoutHoldsWithoutListeners() throws Exception {
		this.kernel.addInlineHandler(SLOW, "slow", Duration.ofMillis(50), (ac) -> {
			Thread.sleep(10_000); // under test: a handler past its timeout
			return null;
		});

		CascadeResult result = this.kernel.dispatch(AppCon.of(SLOW, null), System.nanoTime(), UnaryOperator.identity())
			.toCompletableFuture()
			.get(10, TimeUnit.SECONDS);

		assertThat(result.failure()).isInstanceOf(HandlerTimeoutException.class);
	}

	@Test
	void aRecordedCallCarriesItsDurationWithoutListeners() throws Exception {
		this.kernel.addInlineHandler(SLOW, "slow", (ac) -> {
			Thread.sleep(30); // under test: the duration the recorder is told
			return null;
		});
		List<HandlerCall> calls = new CopyOnWriteArrayList<>();

		this.kernel.dispatch(AppCon.of(SLOW, null), System.nanoTime(), UnaryOperator.identity(), 0, "clock-1", calls::add)
			.toCompletableFuture()
			.get(10, TimeUnit.SECONDS);

		assertThat(calls).singleElement()
			.satisfies((call) -> assertThat(call.nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos()));
	}

}
