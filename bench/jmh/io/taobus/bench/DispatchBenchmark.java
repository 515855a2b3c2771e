package io.taobus.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.taobus.tao.AppCon;
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

/**
 * Benchmark (b) of the kernel issue: dispatch of concrete AppCons with 50 wildcard and 50 concrete
 * patterns registered ({@code patterns=100}), against the same dispatch with one pattern
 * ({@code patterns=1}) as the baseline of the same run. The 64 trigrams set in turn each match four
 * wildcard patterns and one concrete one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DispatchBenchmark {

	static final int BATCH = 10_000;

	@Param({ "1", "100" })
	public int patterns;

	private Kernel kernel;

	private AppCon[] appCons;

	@Setup(Level.Trial)
	public void setUp() {
		this.kernel = Kernel.builder().maxPendingDispatches(4 * BATCH).build();
		this.appCons = new AppCon[64];
		for (int i = 0; i < this.appCons.length; i++) {
			this.appCons[i] = AppCon.of(Trigram.of("term" + (i % 50), "action" + (i % 10), "orient"), i);
		}
		if (this.patterns == 1) {
			this.kernel.addInlineHandler(Trigram.ALL, (ac) -> null);
			return;
		}
		for (int i = 0; i < 50; i++) {
			this.kernel.addInlineHandler(Trigram.of("term" + i, "action" + (i % 10), "orient"), (ac) -> null);
		}
		for (int i = 0; i < 25; i++) {
			this.kernel.addInlineHandler(Trigram.of("term" + i, null, null), (ac) -> null);
			this.kernel.addInlineHandler(Trigram.of(null, "action" + (i % 10), "orient" + ((i < 10) ? "" : i)), (ac) -> null);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.kernel.close(Duration.ofSeconds(10));
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void dispatch() {
		for (int i = 0; i < BATCH; i++) {
			this.kernel.setAppCon(this.appCons[i & 63]);
		}
		if (!this.kernel.awaitIdle(Duration.ofSeconds(30))) {
			throw new IllegalStateException("the kernel did not become idle");
		}
	}

}
