package io.taobus.tao;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HandlerHook}: around every handler call, on the call's thread, with what the handler sees in
 * scope, the outcome, and no way to break a dispatch.
 */
class KernelHookTests {

	static final Trigram A = Trigram.of("span", "opened", "trace");

	static final Trigram B = Trigram.of("span", "diverted", "trace");

	/** What a tracer would keep in scope while the handler runs. */
	static final ThreadLocal<String> SCOPE = new ThreadLocal<>();

	final List<String> events = new CopyOnWriteArrayList<>();

	final HandlerHook tracer = new HandlerHook() {
		@Override
		public Object before(HandlerInfo handler, AppCon appCon) {
			SCOPE.set("span:" + handler.name());
			return new Object[] { handler.name(), Thread.currentThread() };
		}

		@Override
		public void after(@Nullable Object context, HandlerInfo handler, AppCon appCon, Outcome outcome,
				@Nullable Throwable error) {
			Object[] opened = (Object[]) context;
			boolean sameThread = opened != null && opened[1] == Thread.currentThread();
			KernelHookTests.this.events.add(opened[0] + ":" + outcome.tag() + ":sameThread=" + sameThread
					+ ((error != null) ? ":" + error.getClass().getSimpleName() : ""));
			SCOPE.remove();
		}
	};

	Kernel kernel = Kernel.builder().handlerHook(this.tracer).build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	CascadeResult dispatch(Trigram trigram) throws Exception {
		return this.kernel.dispatch(AppCon.of(trigram, null), System.nanoTime(), UnaryOperator.identity())
			.toCompletableFuture()
			.get(20, TimeUnit.SECONDS);
	}

	/** A handler that records the scope it runs in. */
	InlineHandler inScope(@Nullable AppCon next) {
		return (ac) -> {
			this.events.add("inside:" + SCOPE.get());
			return next;
		};
	}

	@Test
	void everyKindOfCallIsWrappedOnItsOwnThreadWithItsOutcome() throws Exception {
		this.kernel.addInterceptHandler(A, "proceed", (ac) -> null);
		this.kernel.addInterceptHandler(A, "divert", (ac) -> Intercept.divert(AppCon.of(B, null)));
		this.kernel.addInlineHandler(A, "skipped", (ac) -> null);
		this.kernel.addInterceptHandler(B, "halt", (ac) -> Intercept.halt());
		this.kernel.addAsyncHandler(B, "async", (ac) -> {
			this.events.add("inside:" + SCOPE.get());
			throw new IllegalStateException("swallowed");
		});
		CascadeResult result = dispatch(A);
		assertThat(result).isEqualTo(new CascadeResult(3, 0, null)); // the halt stops B before its async phase
		assertThat(this.events).containsExactly("proceed:success:sameThread=true", "divert:diverted:sameThread=true",
				"halt:halted:sameThread=true");
		this.events.clear();
		this.kernel.addInlineHandler(Trigram.of("span", "inline", "trace"), "inline", inScope(null));
		this.kernel.addAsyncHandler(Trigram.of("span", "inline", "trace"), "async", (ac) -> {
			this.events.add("inside-async:" + SCOPE.get());
			throw new IllegalStateException("swallowed");
		});
		this.kernel.addInlineHandler(Trigram.of("span", "failing", "trace"), "failing", (ac) -> {
			throw new IllegalArgumentException("inline");
		});
		assertThat(dispatch(Trigram.of("span", "inline", "trace"))).isEqualTo(new CascadeResult(2, 1, null));
		assertThat(dispatch(Trigram.of("span", "failing", "trace")).failed()).isTrue();
		assertThat(this.events).containsExactlyInAnyOrder("inside:span:inline", "inline:success:sameThread=true",
				"inside-async:span:async", "async:error:sameThread=true:IllegalStateException",
				"failing:error:sameThread=true:IllegalArgumentException");
	}

	@Test
	void timeoutsReachTheHookIncludingAGivenUpCallWhenItsThreadEnds() throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		this.kernel.addInlineHandler(A, "sleeper", Duration.ofMillis(50), (ac) -> {
			new java.util.concurrent.CountDownLatch(1).await();
			return null;
		});
		this.kernel.addAsyncHandler(B, "busy", Duration.ofMillis(50), (ac) -> {
			while (!stop.get()) {
				Thread.onSpinWait();
			}
			return null;
		});
		assertThat(dispatch(A).failure()).isInstanceOf(HandlerTimeoutException.class);
		assertThat(dispatch(B).asyncErrors()).isEqualTo(1);
		assertThat(this.events).containsExactly("sleeper:timeout:sameThread=true:HandlerTimeoutException");
		stop.set(true);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.events).containsExactly("sleeper:timeout:sameThread=true:HandlerTimeoutException",
				"busy:timeout:sameThread=true:HandlerTimeoutException");
	}

	@Test
	void aHookThatThrowsBreaksNothing() throws Exception {
		this.kernel = Kernel.builder().handlerHook(new HandlerHook() {
			@Override
			public Object before(HandlerInfo handler, AppCon appCon) {
				throw new IllegalStateException("before");
			}

			@Override
			public void after(@Nullable Object context, HandlerInfo handler, AppCon appCon, Outcome outcome,
					@Nullable Throwable error) {
				throw new IllegalStateException("after");
			}
		}).build();
		this.kernel.addInlineHandler(A, "first", inScope(AppCon.of(B, null)));
		this.kernel.addAsyncHandler(B, "async", (ac) -> null);
		this.kernel.addInlineHandler(B, "second", inScope(null));
		assertThat(dispatch(A)).isEqualTo(new CascadeResult(3, 0, null));
		assertThat(this.events).containsExactly("inside:null", "inside:null");
	}

}
