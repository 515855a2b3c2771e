package io.taobus.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.taobus.tao.AppCon;
import io.taobus.tao.CascadeResult;
import io.taobus.tao.Kernel;
import io.taobus.tao.Outcome;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;

/**
 * Sets an AppCon on a kernel in a test and asserts what its cascade did, the way Spring Modulith's
 * {@code Scenario} tests events: which handlers ran and how, and which AppCons they chained. No test
 * framework of its own: a failed expectation is an {@link AssertionError}, which every framework
 * reports.
 *
 * <pre>{@code
 * TaoScenario.on(kernel, recorder)
 *     .setAppCon(new AppCon(Trigram.of("invoice", "paid", "stripe"), Map.of("id", "evt_1"), null, null))
 *     .expectCalled("Payments#book")
 *     .expectChained(Trigram.of("receipt", "send", "*"));
 * }</pre>
 */
public final class TaoScenario {

	private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

	private final Kernel kernel;

	private final TaoRecorder recorder;

	private final Duration wait;

	private TaoScenario(Kernel kernel, TaoRecorder recorder, Duration wait) {
		this.kernel = kernel;
		this.recorder = recorder;
		this.wait = wait;
	}

	/** A scenario on a kernel whose listeners include the recorder. */
	public static TaoScenario on(Kernel kernel, TaoRecorder recorder) {
		return new TaoScenario(kernel, recorder, DEFAULT_WAIT);
	}

	/** The longest a cascade may take, its async handlers included (10 s unless set). */
	public TaoScenario waitingAtMost(Duration wait) {
		return new TaoScenario(this.kernel, this.recorder, wait);
	}

	/** Sets an AppCon of a trigram with term data, and waits for its cascade to end. */
	public Result setCtx(Trigram trigram, @Nullable Object termData) {
		return setAppCon(new AppCon(trigram, termData, null, null));
	}

	/** Sets an AppCon and waits for its cascade, async handlers included, to end. */
	public Result setAppCon(AppCon appCon) {
		this.recorder.clear();
		CascadeResult result;
		try {
			result = this.kernel.dispatch(appCon, System.nanoTime(), UnaryOperator.identity())
				.toCompletableFuture()
				.get(this.wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("the cascade of " + appCon.trigram() + " did not end within " + this.wait, ex);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("the kernel refused " + appCon.trigram() + ": " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for the cascade of " + appCon.trigram(), ex);
		}
		return new Result(result, this.recorder.calls(), this.recorder.dispatched());
	}

	/**
	 * What one cascade did.
	 * @param cascade the kernel's account: handler calls, async errors, the failure that ended it
	 * @param calls each handler call, in the order they ended
	 * @param dispatched the AppCon set, then each AppCon chained, in order
	 */
	public record Result(CascadeResult cascade, List<TaoRecorder.HandlerCall> calls, List<AppCon> dispatched) {

		/** Expects a handler (its name, {@code Bean#method}) to have run and succeeded. */
		public Result expectCalled(String handler) {
			return expectCall(handler, Outcome.SUCCESS);
		}

		/** Expects a handler to have run with this outcome. */
		public Result expectCall(String handler, Outcome outcome) {
			if (this.calls.stream().noneMatch((call) -> call.handler().equals(handler) && call.outcome() == outcome)) {
				throw new AssertionError("expected " + handler + " to end " + outcome + ", but the calls were " + describe());
			}
			return this;
		}

		/** Expects a handler not to have run. */
		public Result expectNotCalled(String handler) {
			if (this.calls.stream().anyMatch((call) -> call.handler().equals(handler))) {
				throw new AssertionError("expected " + handler + " not to run, but the calls were " + describe());
			}
			return this;
		}

		/** Expects an AppCon matching a pattern ({@code *} for any) to have been chained by the cascade. */
		public Result expectChained(Trigram pattern) {
			return expectChained(pattern, (appCon) -> true);
		}

		/** Expects a chained AppCon matching a pattern and a condition on it (its data, say). */
		public Result expectChained(Trigram pattern, Predicate<AppCon> condition) {
			List<AppCon> chained = chained();
			if (chained.stream().noneMatch((appCon) -> pattern.matches(appCon.trigram()) && condition.test(appCon))) {
				throw new AssertionError("expected an AppCon matching " + pattern + " to be chained, but the chained were "
						+ chained.stream().map(AppCon::trigram).toList());
			}
			return this;
		}

		/** Expects the cascade to have ended without an inline failure or a swallowed async error. */
		public Result expectNoFailure() {
			if (this.cascade.failed() || this.cascade.asyncErrors() > 0) {
				throw new AssertionError("expected no failure, but the cascade ended with " + this.cascade.failure() + " and "
						+ this.cascade.asyncErrors() + " async errors; the calls were " + describe());
			}
			return this;
		}

		/** The AppCons the handlers chained (all dispatched but the first). */
		public List<AppCon> chained() {
			return this.dispatched.isEmpty() ? List.of() : this.dispatched.subList(1, this.dispatched.size());
		}

		private String describe() {
			return this.calls.stream().map((call) -> call.handler() + ":" + call.outcome()).toList().toString();
		}

	}

}
