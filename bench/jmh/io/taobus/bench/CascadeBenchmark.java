package io.taobus.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.taobus.bench.support.FourCallCascade;
import io.taobus.tao.AppCon;
import io.taobus.tao.Intercept;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Benchmark (a) of the kernel issue: one cascade is an intercept that proceeds, one async handler
 * and one inline handler whose returned AppCon reaches a second inline handler. Each invocation sets
 * {@value #BATCH} cascades and waits until the kernel is idle, so the score is completed cascades
 * per second, async handlers included. Run with {@code -prof gc} for the allocation per cascade
 * (benchmark (c)).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CascadeBenchmark {

	static final int BATCH = 10_000;

	static final int SMALL_BATCH = 100;

	private static final Trigram ENTER = FourCallCascade.ENTER;

	private static final Trigram FIND = FourCallCascade.FIND;

	private Kernel kernel;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		this.kernel = Kernel.builder().maxPendingDispatches(4 * BATCH).build();
		FourCallCascade.register(this.kernel, blackhole);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.kernel.close(Duration.ofSeconds(10));
	}

	/**
	 * The floor any virtual-thread bus pays for cascade (a): the same four handler calls with no bus,
	 * one virtual thread for the cascade and one for the async call, joined through a counter.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void baselineBareVirtualThreads(Blackhole blackhole) throws InterruptedException {
		AppCon enter = AppCon.of(ENTER, "data");
		AppCon find = AppCon.of(FIND, "next");
		java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(2 * BATCH);
		for (int i = 0; i < BATCH; i++) {
			Thread.startVirtualThread(() -> {
				blackhole.consume(Intercept.proceed());
				Thread.startVirtualThread(() -> {
					blackhole.consume(enter);
					done.countDown();
				});
				blackhole.consume((enter != null) ? find : null);
				blackhole.consume(find);
				done.countDown();
			});
		}
		done.await();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void cascade() {
		setAndAwaitIdle(BATCH);
	}

	/**
	 * As {@link #cascade()} in batches of {@value #SMALL_BATCH}: fewer cascades in flight at once, and the
	 * wait for idleness paid a hundred times as often (bench/taojs measures tao.js at both batch sizes).
	 */
	@Benchmark
	@OperationsPerInvocation(SMALL_BATCH)
	public void cascadeBatch100() {
		setAndAwaitIdle(SMALL_BATCH);
	}

	private void setAndAwaitIdle(int batch) {
		AppCon enter = AppCon.of(ENTER, "data");
		for (int i = 0; i < batch; i++) {
			this.kernel.setAppCon(enter);
		}
		if (!this.kernel.awaitIdle(Duration.ofSeconds(30))) {
			throw new IllegalStateException("the kernel did not become idle");
		}
	}

}
