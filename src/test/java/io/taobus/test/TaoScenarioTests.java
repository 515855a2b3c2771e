package io.taobus.test;

import java.util.Map;

import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import io.taobus.tao.Outcome;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test kit's scenario on a kernel built by hand: the handler calls and chained AppCons of one
 * cascade are what it asserts, async handlers included, and each unmet expectation says what happened
 * instead.
 */
class TaoScenarioTests {

	private final TaoRecorder recorder = new TaoRecorder();

	private final Kernel kernel = Kernel.builder().listener(this.recorder).build();

	@AfterEach
	void close() {
		this.kernel.close();
	}

	@Test
	void theCallsAndTheChainedAppConsOfOneCascadeAreAsserted() {
		this.kernel.addInlineHandler(Trigram.of("invoice", "paid", "*"), "Billing#book",
				(appCon) -> new AppCon(Trigram.of("receipt", "send", appCon.orient()), appCon.termData(), null, null));
		this.kernel.addAsyncHandler(Trigram.of("receipt", "send", "*"), "Mail#send", (appCon) -> null);
		this.kernel.addInlineHandler(Trigram.of("refund", "*", "*"), "Billing#refund", (appCon) -> null);
		TaoScenario.Result result = TaoScenario.on(this.kernel, this.recorder)
			.setCtx(Trigram.of("invoice", "paid", "stripe"), Map.of("id", "in_1"))
			.expectCalled("Billing#book")
			.expectCalled("Mail#send")
			.expectNotCalled("Billing#refund")
			.expectChained(Trigram.of("receipt", "send", "*"), (appCon) -> appCon.termData().equals(Map.of("id", "in_1")))
			.expectNoFailure();
		assertThat(result.chained()).extracting(AppCon::trigram).containsExactly(Trigram.of("receipt", "send", "stripe"));
		assertThat(result.cascade().handlerCalls()).isEqualTo(2);
	}

	@Test
	void anUnmetExpectationSaysWhatHappenedInstead() {
		this.kernel.addInlineHandler(Trigram.of("invoice", "paid", "*"), "Billing#book", (appCon) -> {
			throw new IllegalStateException("card declined");
		});
		TaoScenario.Result result = TaoScenario.on(this.kernel, this.recorder).setCtx(Trigram.of("invoice", "paid", "x"), null);
		result.expectCall("Billing#book", Outcome.ERROR);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> result.expectCalled("Billing#book"))
			.withMessageContaining("expected Billing#book to end SUCCESS, but the calls were [Billing#book:ERROR]");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(result::expectNoFailure)
			.withMessageContaining("card declined");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> result.expectChained(Trigram.of("receipt", "*", "*")))
			.withMessageContaining("expected an AppCon matching receipt|*|* to be chained, but the chained were []");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> result.expectNotCalled("Billing#book"))
			.withMessageContaining("expected Billing#book not to run");
	}

}
