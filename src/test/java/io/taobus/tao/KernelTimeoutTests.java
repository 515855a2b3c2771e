package io.taobus.tao;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Handler timeouts: the call's thread is interrupted at its timeout, code that cooperates stops, the
 * call ends with {@link Outcome#TIMEOUT}; a call that does not stop is given up so that its cascade
 * still completes. (The timeouts here are short; nothing asserts how long anything took.)
 */
class KernelTimeoutTests {

	static final Trigram A = Trigram.of("report", "requested", "ops");

	static final Trigram B = Trigram.of("report", "rendered", "ops");

	static final Duration SHORT = Duration.ofMillis(100);

	final Recorder recorder = new Recorder();

	/** What the listener saw besides the recorder: given-up threads, close reports, interrupt leaks. */
	final List<String> seen = new CopyOnWriteArrayList<>();

	Kernel kernel = kernel(Kernel.builder());

	final CountDownLatch release = new CountDownLatch(1);

	Kernel kernel(KernelBuilder builder) {
		return builder.listener(this.recorder).listener(new KernelListener() {
			@Override
			public void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome,
					@Nullable Throwable error) {
				if (Thread.currentThread().isInterrupted()) {
					KernelTimeoutTests.this.seen.add("interrupt leaked after " + handler.name());
				}
			}

			@Override
			public void handlerNotCancellable(HandlerInfo handler, AppCon appCon, Thread thread) {
				KernelTimeoutTests.this.seen.add("not-cancellable:" + handler.name() + ":alive=" + thread.isAlive());
			}

			@Override
			public void closeTimedOut(int interruptedThreads, int abandonedCascades) {
				KernelTimeoutTests.this.seen.add("close-timed-out:" + interruptedThreads + ":" + abandonedCascades);
			}
		}).build();
	}

	@AfterEach
	void close() {
		this.release.countDown();
		this.kernel.close(Duration.ofSeconds(5));
	}

	CompletionStage<CascadeResult> dispatch(Trigram trigram) {
		return this.kernel.dispatch(AppCon.of(trigram, null), System.nanoTime(), UnaryOperator.identity());
	}

	static CascadeResult result(CompletionStage<CascadeResult> stage) throws Exception {
		return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
	}

	@Test
	void anInlineHandlerAsleepIsInterruptedAtItsTimeoutAndFailsTheCascade() throws Exception {
		AtomicBoolean sawInterrupt = new AtomicBoolean();
		this.kernel.addInlineHandler(A, "sleeper", SHORT, (ac) -> {
			try {
				Thread.sleep(Duration.ofMinutes(1)); // under test: a handler blocked in sleep
			}
			catch (InterruptedException ex) {
				sawInterrupt.set(true);
				throw ex;
			}
			return AppCon.of(B, null);
		});
		this.kernel.addInlineHandler(A, "skipped", (ac) -> null);
		CascadeResult result = result(dispatch(A));
		assertThat(sawInterrupt).isTrue();
		assertThat(result.handlerCalls()).isEqualTo(1);
		assertThat(result.failure()).isInstanceOfSatisfying(HandlerTimeoutException.class, (timeout) -> {
			assertThat(timeout.cancelled()).isTrue();
			assertThat(timeout.timeout()).isEqualTo(SHORT);
			assertThat(timeout.handler().name()).isEqualTo("sleeper");
			assertThat(timeout).hasCauseInstanceOf(InterruptedException.class).hasMessageContaining("sleeper");
		});
		assertThat(this.recorder.events("finished")).containsExactly("finished:inline:sleeper:timeout");
		assertThat(this.seen).isEmpty();
	}

	@Test
	void anAsyncHandlerBlockedInASocketReadIsInterruptedAndItsTimeoutSwallowed() throws Exception {
		AtomicReference<Throwable> sawInterrupt = new AtomicReference<>();
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.kernel.addAsyncHandler(A, "reader", SHORT, (ac) -> {
				try (Socket socket = new Socket(silent.getInetAddress(), silent.getLocalPort());
						InputStream in = socket.getInputStream()) {
					in.read(); // the peer never answers
				}
				catch (java.io.IOException ex) {
					if (Thread.currentThread().isInterrupted()) {
						sawInterrupt.set(ex);
					}
					throw ex;
				}
				return AppCon.of(B, null);
			});
			this.kernel.addInlineHandler(A, "inline", (ac) -> null);
			this.kernel.addInlineHandler(B, "never", (ac) -> null);
			CascadeResult result = result(dispatch(A));
			assertThat(sawInterrupt.get()).as("the read ended by the interrupt").isNotNull();
			assertThat(result).isEqualTo(new CascadeResult(2, 1, null));
		}
		assertThat(this.recorder.events("finished")).containsExactlyInAnyOrder("finished:async:reader:timeout",
				"finished:inline:inline:success");
		assertThat(this.recorder.events("swallowed")).singleElement().asString().contains("reader", "timeout");
		assertThat(this.recorder.errors).singleElement().isInstanceOf(HandlerTimeoutException.class);
		assertThat(this.seen).isEmpty();
	}

	@Test
	void anInterceptPastItsTimeoutFailsTheCascadeEvenIfItSwallowsTheInterrupt() throws Exception {
		this.kernel.addInterceptHandler(A, "guard", SHORT, (ac) -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				return Intercept.proceed(); // swallowed: too late, the call has timed out
			}
			return Intercept.proceed();
		});
		this.kernel.addInlineHandler(A, "skipped", (ac) -> null);
		CascadeResult result = result(dispatch(A));
		assertThat(result.failure()).isInstanceOf(HandlerTimeoutException.class).hasNoCause();
		assertThat(this.recorder.events("finished")).containsExactly("finished:intercept:guard:timeout");
	}

	@Test
	void aBusyLoopThatNeverChecksIsGivenUpAndTheCascadeStillCompletes() throws Exception {
		Trigram c = Trigram.of("report", "mailed", "ops");
		AtomicBoolean stop = new AtomicBoolean();
		this.kernel.addInlineHandler(A, "first", (ac) -> AppCon.of(B, null));
		this.kernel.addInlineHandler(A, "second", (ac) -> AppCon.of(c, null));
		this.kernel.addInlineHandler(B, "busy", Duration.ofMillis(50), (ac) -> {
			while (!stop.get()) {
				Thread.onSpinWait(); // CPU-bound, never looks at its interrupt
			}
			return AppCon.of(A, null);
		});
		this.kernel.addInlineHandler(c, "sibling", (ac) -> null);
		try {
			CascadeResult result = result(dispatch(A));
			// the sibling C waited behind the stuck call for its first step: given up, it was handed on
			assertThat(result.handlerCalls()).isEqualTo(4);
			assertThat(result.failure()).isInstanceOfSatisfying(HandlerTimeoutException.class,
					(timeout) -> assertThat(timeout.cancelled()).isFalse());
			assertThat(this.seen).containsExactly("not-cancellable:busy:alive=true");
			assertThat(this.recorder.events("finished:inline:sibling")).hasSize(1);
			assertThat(this.recorder.events("cascade-finished")).hasSize(1);
			assertThat(this.kernel.isIdle()).as("the stuck thread still holds its admission").isFalse();
		}
		finally {
			stop.set(true);
		}
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		// the abandoned call's late end is dropped: nothing reported twice, nothing chained
		assertThat(this.recorder.events("finished:inline:busy")).containsExactly("finished:inline:busy:timeout");
		assertThat(this.recorder.events("finished:inline:first")).hasSize(1);
		assertThat(this.recorder.events("cascade-finished")).hasSize(1);
	}

	@Test
	void anAsyncBusyLoopIsGivenUpAndCountedAsASwallowedError() throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		this.kernel.addAsyncHandler(A, "busy", Duration.ofMillis(50), (ac) -> {
			while (!stop.get()) {
				Thread.onSpinWait();
			}
			return AppCon.of(B, null);
		});
		this.kernel.addInlineHandler(B, "never", (ac) -> null);
		try {
			assertThat(result(dispatch(A))).isEqualTo(new CascadeResult(1, 1, null));
			assertThat(this.seen).containsExactly("not-cancellable:busy:alive=true");
		}
		finally {
			stop.set(true);
		}
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recorder.events("finished")).containsExactly("finished:async:busy:timeout");
	}

	@Test
	void theKernelDefaultAppliesAndARegistrationMayOptOut() throws Exception {
		this.kernel = kernel(Kernel.builder().handlerTimeout(SHORT));
		CountDownLatch defaultTimedOut = new CountDownLatch(1);
		this.kernel.addAsyncHandler(A, "default", (ac) -> {
			try {
				this.release.await();
			}
			finally {
				defaultTimedOut.countDown();
			}
			return null;
		});
		this.kernel.addInlineHandler(A, "patient", Duration.ZERO, (ac) -> {
			// outlives the kernel's timeout: it waits for the default one to have been interrupted
			assertThat(defaultTimedOut.await(20, TimeUnit.SECONDS)).isTrue();
			return null;
		});
		assertThat(result(dispatch(A))).isEqualTo(new CascadeResult(2, 1, null));
		assertThat(this.recorder.events("finished")).containsExactlyInAnyOrder("finished:async:default:timeout",
				"finished:inline:patient:success");
	}

	@Test
	void aCallThatEndsInTimeIsUntouched() throws Exception {
		this.kernel = kernel(Kernel.builder().handlerTimeout(Duration.ofMinutes(1)));
		this.kernel.addInlineHandler(A, "quick", (ac) -> AppCon.of(B, null));
		this.kernel.addAsyncHandler(A, "quick-async", (ac) -> null);
		this.kernel.addInterceptHandler(B, "guard", (ac) -> Intercept.halt());
		assertThat(result(dispatch(A))).isEqualTo(new CascadeResult(3, 0, null));
		assertThat(this.recorder.events("finished")).containsExactlyInAnyOrder("finished:inline:quick:success",
				"finished:async:quick-async:success", "finished:intercept:guard:halted");
		assertThat(this.seen).isEmpty();
	}

	@Test
	void aClosePastItsTimeoutInterruptsWhatStillRunsAndSaysHowMuch() throws Exception {
		CountDownLatch inside = new CountDownLatch(2);
		AtomicBoolean sawInterrupt = new AtomicBoolean();
		this.kernel.addInlineHandler(A, "hung", (ac) -> {
			inside.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				sawInterrupt.set(true);
				throw ex;
			}
			return null;
		});
		this.kernel.addAsyncHandler(B, "hung-async", (ac) -> {
			inside.countDown();
			this.release.await();
			return null;
		});
		CompletionStage<CascadeResult> watched = dispatch(A);
		this.kernel.setCtx(B, null);
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.kernel.close(Duration.ofMillis(50))).isFalse();
		// the two handlers' threads, and perhaps B's cascade thread on its way out
		assertThat(this.seen).singleElement().asString().matches("close-timed-out:[23]:1");
		assertThatThrownBy(() -> result(watched)).hasCauseInstanceOf(KernelClosedException.class);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(sawInterrupt).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.recorder.events("finished")).containsExactlyInAnyOrder(
					"finished:inline:hung:error", "finished:async:hung-async:error"));
	}

	@Test
	void builderAndRegistrationRefuseANegativeTimeout() {
		assertThatThrownBy(() -> Kernel.builder().handlerTimeout(Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("timeout");
		assertThatThrownBy(() -> this.kernel.addAsyncHandler(A, "x", Duration.ofMillis(-1), (ac) -> null))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
