package io.taobus.observability;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.taobus.bench.support.FourCallCascade;
import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelBuilder;
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
 * The cost of a span per handler call: the cascade of {@code CascadeBenchmark} (an intercept, an async
 * and two inline calls) with context propagation as in the service, and {@code hook} = {@code none}
 * (no hook: the kernel's null check), {@code untraced} (the {@link HandlerObservation} hook installed,
 * no trace in scope: what tracing off costs), {@code propagated} (no hook, every cascade inside a
 * sampled trace carried onto its threads: the baseline of a traced delivery) or {@code traced} (as
 * {@code propagated}, with the hook:
 * four {@code taobus.handler} spans per cascade through Micrometer's OpenTelemetry bridge, ended into
 * a {@link SimpleSpanProcessor} and an exporter that drops them) or {@code unsampled} (as {@code traced} in a
 * trace that is not sampled, as nine in ten are by the service's default: the hook opens nothing). Run with
 * {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandlerSpanBenchmark {

	static final int BATCH = 10_000;

	private static final Trigram ENTER = FourCallCascade.ENTER;

	@Param({ "none", "untraced", "propagated", "traced", "unsampled" })
	public String hook;

	private Kernel kernel;

	private ObservationRegistry registry;

	private SdkTracerProvider provider;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		this.provider = SdkTracerProvider.builder()
			.setSampler(this.hook.equals("unsampled") ? Sampler.alwaysOff() : Sampler.alwaysOn())
			.addSpanProcessor(SimpleSpanProcessor.create(new Dropping()))
			.build();
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(this.provider.get("bench"), current, (event) -> {
		}, new OtelBaggageManager(current, List.of(), List.of()));
		this.registry = ObservationRegistry.create();
		this.registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		ObservationThreadLocalAccessor.getInstance().setObservationRegistry(this.registry);
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
		KernelBuilder builder = Kernel.builder().maxPendingDispatches(4 * BATCH)
			.taskDecorator((task) -> snapshots.captureAll().wrap(task));
		if (this.hook.equals("untraced") || this.hook.equals("traced") || this.hook.equals("unsampled")) {
			builder.handlerHook(new HandlerObservation(this.registry, tracer));
		}
		this.kernel = builder.build();
		FourCallCascade.register(this.kernel, blackhole);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.kernel.close(Duration.ofSeconds(10));
		this.provider.close();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void cascade() {
		AppCon enter = AppCon.of(ENTER, "data");
		if (this.hook.equals("propagated") || this.hook.equals("traced") || this.hook.equals("unsampled")) {
			// one delivery trace per batch: the handler spans are what is measured
			Observation delivery = Observation.start("taobus.delivery", this.registry);
			try (Observation.Scope scope = delivery.openScope()) {
				setBatch(enter);
			}
			delivery.stop();
		}
		else {
			setBatch(enter);
		}
		if (!this.kernel.awaitIdle(Duration.ofSeconds(30))) {
			throw new IllegalStateException("the kernel did not become idle");
		}
	}

	private void setBatch(AppCon enter) {
		for (int i = 0; i < BATCH; i++) {
			this.kernel.setAppCon(enter);
		}
	}

	/** An exporter that drops every span: the cost measured is the spans', not an exporter's. */
	static final class Dropping implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
