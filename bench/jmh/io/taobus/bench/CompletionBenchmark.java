package io.taobus.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.taobus.bench.support.FourCallCascade;
import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerHook;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelBuilder;
import io.taobus.tao.Outcome;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
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
 * What the kernel's optional features cost on {@link CascadeBenchmark}'s cascade (an intercept, an
 * async handler, two inline handlers): {@code plain} is {@code setAppCon} on a kernel without them;
 * {@code watched} sets each AppCon with {@code dispatch} (a tracked completion per cascade);
 * {@code timeout} gives every handler a (never reached) timeout; {@code hook} adds a no-op
 * {@link HandlerHook} (the kernel's share of a span per handler call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CompletionBenchmark {

	static final int BATCH = 10_000;

	private static final Trigram ENTER = FourCallCascade.ENTER;

	@Param({ "plain", "watched", "timeout", "hook" })
	public String feature;

	private Kernel kernel;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		KernelBuilder builder = Kernel.builder().maxPendingDispatches(4 * BATCH);
		if (this.feature.equals("timeout")) {
			builder.handlerTimeout(Duration.ofMinutes(5));
		}
		if (this.feature.equals("hook")) {
			builder.handlerHook(new HandlerHook() {
				@Override
				public @Nullable Object before(HandlerInfo handler, AppCon appCon) {
					return null;
				}

				@Override
				public void after(@Nullable Object context, HandlerInfo handler, AppCon appCon, Outcome outcome,
						@Nullable Throwable error) {
				}
			});
		}
		this.kernel = builder.build();
		FourCallCascade.register(this.kernel, blackhole);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.kernel.close(Duration.ofSeconds(10));
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void cascade(Blackhole blackhole) {
		AppCon enter = AppCon.of(ENTER, "data");
		boolean watched = this.feature.equals("watched");
		for (int i = 0; i < BATCH; i++) {
			if (watched) {
				blackhole.consume(this.kernel.dispatch(enter, System.nanoTime(), UnaryOperator.identity()));
			}
			else {
				this.kernel.setAppCon(enter);
			}
		}
		if (!this.kernel.awaitIdle(Duration.ofSeconds(30))) {
			throw new IllegalStateException("the kernel did not become idle");
		}
	}

}
