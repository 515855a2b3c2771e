package io.taobus.tao;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Semantics 8-11 of the kernel issue: bounded memory, cascade depth, backpressure, draining close. */
class KernelLimitsTests {

	static final Trigram LOOP_A = Trigram.of("loop", "a", "o");

	static final Trigram LOOP_B = Trigram.of("loop", "b", "o");

	final Recorder recorder = new Recorder();

	Kernel kernel = Kernel.builder().listener(this.recorder).build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	@Test
	void tenMillionUnmatchedTrigramsLeaveTheHeapWhereItWas() {
		this.kernel = Kernel.builder().maxPendingDispatches(50_000).build();
		this.kernel.addInlineHandler(Trigram.of("known", null, null), (ac) -> null);
		this.kernel.addInlineHandler(Trigram.of("known", "a", "o"), (ac) -> null);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		setDistinct(0, 100_000); // warm up
		long before = usedAfterGc(memory);
		setDistinct(100_000, 10_000_000);
		long after = usedAfterGc(memory);
		assertThat(this.kernel.cachedRoutes()).isZero();
		// tao.js keeps an entry per trigram: for ten million that is gigabytes, not megabytes
		assertThat(after - before).isLessThan(32L * 1024 * 1024);
	}

	private void setDistinct(int from, int to) {
		for (int i = from; i < to; i++) {
			if (i % 20_000 == 0) {
				assertThat(this.kernel.awaitIdle(Duration.ofSeconds(60))).isTrue();
			}
			this.kernel.setAppCon(new AppCon("stranger" + i, "a", "o"));
		}
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(60))).isTrue();
	}

	private static long usedAfterGc(MemoryMXBean memory) {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	@Test
	void inlineLoopStopsAtMaxCascadeDepth() {
		this.kernel = Kernel.builder().maxCascadeDepth(10).listener(this.recorder).build();
		this.kernel.addInlineHandler(LOOP_A, "a", (ac) -> AppCon.of(LOOP_B, null));
		this.kernel.addInlineHandler(LOOP_B, "b", (ac) -> AppCon.of(LOOP_A, null));
		this.kernel.setCtx(LOOP_A, null);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recorder.events("finished")).hasSize(11); // depths 0 to 10
		assertThat(this.recorder.events("depth-exceeded")).containsExactly("depth-exceeded:" + LOOP_B + ":11");
		assertThat(this.recorder.events("cascade-finished")).hasSize(1);
	}

	@Test
	void loopThroughAsyncAndDivertAlsoStops() {
		this.kernel = Kernel.builder().maxCascadeDepth(6).listener(this.recorder).build();
		this.kernel.addAsyncHandler(LOOP_A, "a", (ac) -> AppCon.of(LOOP_B, null));
		this.kernel.addInterceptHandler(LOOP_B, "b", (ac) -> Intercept.divert(AppCon.of(LOOP_A, null)));
		this.kernel.setCtx(LOOP_A, null);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recorder.events("depth-exceeded")).hasSize(1);
		assertThat(this.recorder.events("finished")).hasSize(7);
	}

	@Test
	void saturatedKernelRefusesNewAppConsAtOnceButNeverDropsChainedOnes() throws Exception {
		this.kernel = Kernel.builder().maxPendingDispatches(2).listener(this.recorder).build();
		CountDownLatch release = new CountDownLatch(1);
		Trigram slow = Trigram.of("slow", "a", "o");
		Trigram chained = Trigram.of("chained", "a", "o");
		this.kernel.addInlineHandler(slow, "slow", (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return AppCon.of(chained, null);
		});
		this.kernel.addInlineHandler(chained, "chained", (ac) -> null);
		this.kernel.setCtx(slow, 1);
		this.kernel.setCtx(slow, 2);
		assertThatThrownBy(() -> this.kernel.setCtx(slow, 3)).isInstanceOf(KernelSaturatedException.class)
			.isNotInstanceOf(KernelClosedException.class)
			.hasMessageContaining("saturated");
		assertThat(this.kernel.pendingDispatches()).isEqualTo(2);
		release.countDown();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recorder.events("finished:inline:chained")).hasSize(2);
		assertThat(this.recorder.events("rejected")).containsExactly("rejected:" + slow + ":saturated");
		this.kernel.setCtx(slow, 4); // admitted again once there is room
		release.countDown();
	}

	@Test
	void asyncCallsBeyondTheConcurrencyLimitWaitInAVisibleQueue() throws Exception {
		this.kernel = Kernel.builder().maxAsyncConcurrency(1).listener(this.recorder).build();
		CountDownLatch release = new CountDownLatch(1);
		Trigram trigram = Trigram.of("busy", "a", "o");
		this.kernel.addAsyncHandler(trigram, "first", (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.addAsyncHandler(trigram, "second", (ac) -> null);
		this.kernel.setCtx(trigram, null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.kernel.asyncQueueDepth() == 1);
		assertThat(this.kernel.activeAsync()).isEqualTo(1);
		assertThat(this.recorder.log).contains("queued:1");
		release.countDown();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.kernel.asyncQueueDepth()).isZero();
		assertThat(this.recorder.events("finished:async")).hasSize(2);
	}

	@Test
	void closeDrainsInFlightWorkAndRefusesNewAppCons() throws Exception {
		CountDownLatch inside = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		Trigram trigram = Trigram.of("draining", "a", "o");
		Trigram chained = Trigram.of("draining", "b", "o");
		this.kernel.addAsyncHandler(trigram, "async", (ac) -> {
			inside.countDown();
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.addInlineHandler(trigram, "inline", (ac) -> {
			inside.countDown();
			release.await(10, TimeUnit.SECONDS);
			return AppCon.of(chained, null);
		});
		this.kernel.addInlineHandler(chained, "chained", (ac) -> null);
		this.kernel.setCtx(trigram, null);
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> this.kernel.close(Duration.ofSeconds(10)));
		await().atMost(Duration.ofSeconds(10)).until(this.kernel::isClosed);
		assertThatThrownBy(() -> this.kernel.setCtx(trigram, null)).isInstanceOf(KernelClosedException.class);
		assertThat(closing).isNotDone();
		release.countDown();
		assertThat(closing.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.recorder.events("finished")).containsExactlyInAnyOrder("finished:async:async:success",
				"finished:inline:inline:success", "finished:inline:chained:success");
		assertThat(this.recorder.log).contains("rejected:" + trigram + ":closed");
	}

	@Test
	void closeReportsWorkThatOutlivesTheTimeout() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Trigram trigram = Trigram.of("stuck", "a", "o");
		this.kernel.addInlineHandler(trigram, (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.setCtx(trigram, null);
		assertThat(this.kernel.close(Duration.ofMillis(50))).isFalse();
		release.countDown();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void builderRefusesNonsense() {
		assertThatThrownBy(() -> Kernel.builder().maxPendingDispatches(0)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("maxPendingDispatches");
		assertThatThrownBy(() -> Kernel.builder().maxAsyncConcurrency(-1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Kernel.builder().maxCascadeDepth(0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Kernel.builder().closeTimeout(Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void taskDecoratorWrapsEveryHandOver() {
		ThreadLocal<String> context = new ThreadLocal<>();
		this.kernel = Kernel.builder().listener(this.recorder).taskDecorator(carrying(context)).build();
		Trigram trigram = Trigram.of("ctx", "a", "o");
		this.kernel.addInlineHandler(trigram, (ac) -> {
			this.recorder.mark("inline:" + context.get());
			return null;
		});
		this.kernel.addAsyncHandler(trigram, (ac) -> {
			this.recorder.mark("async:" + context.get());
			return null;
		});
		context.set("delivery-42");
		this.kernel.setCtx(trigram, null);
		context.remove();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recorder.log).contains("inline:delivery-42", "async:delivery-42");
	}

	@Test
	void anAppConNothingMatchesEndsWithinSetAppConWithoutAThread() {
		List<String> threads = new CopyOnWriteArrayList<>();
		AtomicInteger decorated = new AtomicInteger();
		this.kernel = Kernel.builder().listener(new KernelListener() {
			@Override
			public void appConDispatched(AppCon appCon, boolean matched) {
				threads.add("dispatched:" + matched + ":" + Thread.currentThread().getName());
			}

			@Override
			public void cascadeFinished(AppCon root, long nanos) {
				threads.add("finished:" + Thread.currentThread().getName());
			}
		}).build();
		this.kernel.addInlineHandler(Trigram.of("known", null, null), (ac) -> null);
		String caller = Thread.currentThread().getName();
		this.kernel.setAppCon(new AppCon("stranger", "a", "o"), System.nanoTime(), (task) -> {
			decorated.incrementAndGet();
			return task;
		});
		// no awaitIdle: it is over when setAppCon returns, on this thread, and nothing was captured
		assertThat(this.kernel.isIdle()).isTrue();
		assertThat(this.kernel.pendingDispatches()).isZero();
		assertThat(threads).containsExactly("dispatched:false:" + caller, "finished:" + caller);
		assertThat(decorated).hasValue(0);
	}

	@Test
	void aCallersContextDecoratesTheFirstThreadAndTheKernelsDecoratorTheRest() {
		ThreadLocal<String> context = new ThreadLocal<>();
		this.kernel = Kernel.builder().listener(this.recorder).taskDecorator(carrying(context)).build();
		Trigram first = Trigram.of("ctx", "a", "o");
		Trigram chained = Trigram.of("ctx", "b", "o");
		this.kernel.addInlineHandler(first, (ac) -> {
			this.recorder.mark("inline:" + context.get() + ":" + Thread.currentThread().isVirtual());
			return new AppCon(chained.term(), chained.action(), chained.orient());
		});
		this.kernel.addAsyncHandler(chained, (ac) -> {
			this.recorder.mark("async:" + context.get());
			return null;
		});
		// the caller's context is not in its thread locals: it comes with the call
		this.kernel.setAppCon(new AppCon(first.term(), first.action(), first.orient()), System.nanoTime(),
				(task) -> () -> {
					context.set("request-7");
					try {
						task.run();
					}
					finally {
						context.remove();
					}
				});
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recorder.log).contains("inline:request-7:true", "async:request-7");
	}

	private static UnaryOperator<Runnable> carrying(ThreadLocal<String> context) {
		return (task) -> {
			String captured = context.get();
			return () -> {
				context.set(captured);
				try {
					task.run();
				}
				finally {
					context.remove();
				}
			};
		};
	}

}
