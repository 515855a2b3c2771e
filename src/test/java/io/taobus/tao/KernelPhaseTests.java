package io.taobus.tao;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/** Semantics 1-4 of the kernel issue: the phases of one dispatch and how each phase runs. */
class KernelPhaseTests {

	static final Trigram A = Trigram.of("colleague", "hug", "justfriends");

	static final Trigram B = Trigram.of("dude", "fistbump", "bros");

	static final Trigram C = Trigram.of("dude", "wave", "bros");

	final Recorder recorder = new Recorder();

	final Kernel kernel = Kernel.builder().listener(this.recorder).build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	void settle() {
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void phasesRunInterceptThenAsyncThenInlineThenChained() {
		CountDownLatch asyncStarted = new CountDownLatch(1);
		this.kernel.addInlineHandler(A, "inline", (ac) -> {
			this.recorder.mark("inline");
			return new AppCon(B.term(), B.action(), B.orient());
		});
		this.kernel.addAsyncHandler(A, "async", (ac) -> {
			this.recorder.mark("async");
			asyncStarted.countDown();
			return null;
		});
		this.kernel.addInterceptHandler(A, "intercept", (ac) -> {
			this.recorder.mark("intercept");
			return Intercept.proceed();
		});
		this.kernel.addInlineHandler(B, "chained", (ac) -> {
			this.recorder.mark("chained");
			return null;
		});
		this.kernel.setAppCon(new AppCon(A, null, null, null));
		settle();
		List<String> marks = this.recorder.log.stream().filter((e) -> !e.contains(":")).toList();
		// async calls are handed over before the first inline handler; when they run is not ordered
		assertThat(marks).startsWith("intercept").contains("async", "inline", "chained");
		assertThat(marks.indexOf("inline")).isLessThan(marks.indexOf("chained"));
		assertThat(marks.indexOf("intercept")).isLessThan(marks.indexOf("async"));
	}

	@Test
	void handlersRunOnVirtualThreadsNeverTheCallers() {
		AtomicReference<Thread> inline = new AtomicReference<>();
		AtomicReference<Thread> async = new AtomicReference<>();
		this.kernel.addInlineHandler(A, (ac) -> {
			inline.set(Thread.currentThread());
			return null;
		});
		this.kernel.addAsyncHandler(A, (ac) -> {
			async.set(Thread.currentThread());
			return null;
		});
		this.kernel.setCtx(A, "data");
		settle();
		assertThat(inline.get().isVirtual()).isTrue();
		assertThat(async.get().isVirtual()).isTrue();
		assertThat(inline.get()).isNotSameAs(Thread.currentThread()).isNotSameAs(async.get());
	}

	@Test
	void interceptsRunInOrderUntilOneHalts() {
		this.kernel.addInterceptHandler(A, "first", (ac) -> Intercept.proceed());
		this.kernel.addInterceptHandler(A, "second", (ac) -> Intercept.halt());
		this.kernel.addInterceptHandler(A, "third", (ac) -> Intercept.proceed());
		this.kernel.addAsyncHandler(A, "async", (ac) -> null);
		this.kernel.addInlineHandler(A, "inline", (ac) -> null);
		this.kernel.setCtx(A, null);
		settle();
		assertThat(this.recorder.events("finished")).containsExactly("finished:intercept:first:success",
				"finished:intercept:second:halted");
	}

	@Test
	void nullInterceptDecisionProceeds() {
		this.kernel.addInterceptHandler(A, "lenient", (ac) -> null);
		this.kernel.addInlineHandler(A, "inline", (ac) -> null);
		this.kernel.setCtx(A, null);
		settle();
		assertThat(this.recorder.events("finished")).containsExactly("finished:intercept:lenient:success",
				"finished:inline:inline:success");
	}

	@Test
	void divertHaltsAndDispatchesTheNextAppCon() {
		this.kernel.addInterceptHandler(A, "divert", (ac) -> Intercept.divert(AppCon.of(B, ac.termData())));
		this.kernel.addInlineHandler(A, "skipped", (ac) -> null);
		AtomicReference<Object> received = new AtomicReference<>();
		this.kernel.addInlineHandler(B, "target", (ac) -> {
			received.set(ac.termData());
			return null;
		});
		this.kernel.setCtx(A, "payload");
		settle();
		assertThat(this.recorder.events("finished")).containsExactly("finished:intercept:divert:diverted",
				"finished:inline:target:success");
		assertThat(received.get()).isEqualTo("payload");
	}

	@Test
	void throwingInterceptAbortsTheDispatchAndIsReportedNotThrown() {
		this.kernel.addInterceptHandler(A, "boom", (ac) -> {
			throw new IllegalStateException("intercept boom");
		});
		this.kernel.addAsyncHandler(A, "async", (ac) -> null);
		this.kernel.addInlineHandler(A, "inline", (ac) -> null);
		assertThatCode(() -> this.kernel.setCtx(A, null)).doesNotThrowAnyException();
		settle();
		assertThat(this.recorder.events("finished")).containsExactly("finished:intercept:boom:error");
		assertThat(this.recorder.errors).singleElement().extracting(Throwable::getMessage).isEqualTo("intercept boom");
	}

	@Test
	void asyncCallsAreHandedOverBeforeTheFirstInlineAndNeverAwaited() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch bothStarted = new CountDownLatch(2);
		AsyncHandler blocked = (ac) -> {
			bothStarted.countDown();
			release.await();
			this.recorder.mark("async-done");
			return null;
		};
		this.kernel.addAsyncHandler(A, "async1", blocked);
		this.kernel.addAsyncHandler(A, "async2", (ac) -> blocked.handle(ac));
		this.kernel.addInlineHandler(A, "inline", (ac) -> {
			// were the async calls not handed over yet, this would wait in vain
			this.recorder.mark("inline-saw-async:" + bothStarted.await(10, TimeUnit.SECONDS));
			return AppCon.of(B, null);
		});
		this.kernel.addInlineHandler(B, "chained", (ac) -> {
			this.recorder.mark("chained");
			return null;
		});
		this.kernel.setCtx(A, null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.log.contains("chained"));
		assertThat(this.recorder.log).contains("inline-saw-async:true").doesNotContain("async-done");
		assertThat(this.kernel.activeAsync()).isEqualTo(2);
		release.countDown();
		settle();
		assertThat(this.recorder.events("async-done")).hasSize(2);
	}

	@Test
	void asyncErrorsAreSwallowedReportedAndHarmNothing() {
		this.kernel.addAsyncHandler(A, "failing", (ac) -> {
			throw new IllegalStateException("I can't find Users now!");
		});
		this.kernel.addAsyncHandler(A, "healthy", (ac) -> {
			this.recorder.mark("healthy");
			return null;
		});
		this.kernel.addInlineHandler(A, "inline", (ac) -> {
			this.recorder.mark("inline");
			return null;
		});
		this.kernel.setCtx(A, null);
		settle();
		assertThat(this.recorder.log).contains("swallowed:failing:I can't find Users now!", "healthy", "inline",
				"finished:async:failing:error");
	}

	@Test
	void asyncReturnedAppConStartsItsOwnCascade() {
		this.kernel.addAsyncHandler(A, "async", (ac) -> AppCon.of(B, "from-async"));
		this.kernel.addInlineHandler(B, "target", (ac) -> {
			this.recorder.mark("target:" + ac.termData() + ":" + Thread.currentThread().isVirtual());
			return null;
		});
		this.kernel.setCtx(A, null);
		settle();
		assertThat(this.recorder.log).contains("target:from-async:true");
		assertThat(this.recorder.events("cascade-finished")).containsExactlyInAnyOrder("cascade-finished:" + A,
				"cascade-finished:" + B);
	}

	@Test
	void inlineHandlersRunOneAtATimeInOrderAndMayBlock() {
		for (int i = 0; i < 5; i++) {
			int n = i;
			this.kernel.addInlineHandler(A, "inline" + n, (ac) -> {
				this.recorder.mark("start" + n);
				new CountDownLatch(1).await(5, TimeUnit.MILLISECONDS); // blocking is fine
				this.recorder.mark("end" + n);
				return null;
			});
		}
		this.kernel.setCtx(A, null);
		settle();
		assertThat(this.recorder.log.stream().filter((e) -> e.startsWith("start") || e.startsWith("end")))
			.containsExactly("start0", "end0", "start1", "end1", "start2", "end2", "start3", "end3", "start4", "end4");
	}

	@Test
	void spoolIsDispatchedAfterAllInlineHandlersInSpoolOrder() {
		this.kernel.addInlineHandler(A, "first", (ac) -> AppCon.of(B, null));
		this.kernel.addInlineHandler(A, "second", (ac) -> {
			this.recorder.mark("second");
			return AppCon.of(C, null);
		});
		this.kernel.addInlineHandler(B, "onB", (ac) -> {
			this.recorder.mark("B");
			return null;
		});
		this.kernel.addInlineHandler(C, "onC", (ac) -> {
			this.recorder.mark("C");
			return null;
		});
		this.kernel.setCtx(A, null);
		settle();
		assertThat(this.recorder.log.stream().filter((e) -> e.length() <= 6)).containsExactly("second", "B", "C");
	}

	@Test
	void siblingsDoNotWaitForOneAnother() throws Exception {
		CountDownLatch cReached = new CountDownLatch(1);
		this.kernel.addInlineHandler(A, "first", (ac) -> AppCon.of(B, null));
		this.kernel.addInlineHandler(A, "second", (ac) -> AppCon.of(C, null));
		this.kernel.addInlineHandler(B, "quick", (ac) -> null);
		this.kernel.addInlineHandler(B, "slow", (ac) -> {
			// B's second step waits for C, which only works when C does not wait for B
			this.recorder.mark("B-saw-C:" + cReached.await(10, TimeUnit.SECONDS));
			return null;
		});
		this.kernel.addInlineHandler(C, "onC", (ac) -> {
			cReached.countDown();
			return null;
		});
		this.kernel.setCtx(A, null);
		settle();
		assertThat(this.recorder.log).contains("B-saw-C:true");
	}

	@Test
	void inlineErrorSkipsTheRestAndDropsTheSpool() {
		this.kernel.addInlineHandler(A, "chains", (ac) -> AppCon.of(B, null));
		this.kernel.addInlineHandler(A, "boom", (ac) -> {
			throw new IllegalArgumentException("inline boom");
		});
		this.kernel.addInlineHandler(A, "never", (ac) -> null);
		this.kernel.addInlineHandler(B, "dropped", (ac) -> null);
		assertThatCode(() -> this.kernel.setCtx(A, null)).doesNotThrowAnyException();
		settle();
		assertThat(this.recorder.events("finished")).containsExactly("finished:inline:chains:success",
				"finished:inline:boom:error");
		assertThat(this.recorder.errors).singleElement().extracting(Throwable::getMessage).isEqualTo("inline boom");
	}

	@Test
	void listenerThatThrowsBreaksNothing() {
		KernelListener broken = new KernelListener() {
			@Override
			public void appConDispatched(AppCon appCon, boolean matched) {
				throw new IllegalStateException("broken listener");
			}
		};
		try (Kernel withBroken = Kernel.builder().listener(broken).listener(this.recorder).build()) {
			withBroken.addInlineHandler(A, "inline", (ac) -> null);
			withBroken.setCtx(A, null);
			assertThat(withBroken.awaitIdle(Duration.ofSeconds(10))).isTrue();
		}
		assertThat(this.recorder.log).contains("dispatched:" + A + ":true", "finished:inline:inline:success");
	}

}
