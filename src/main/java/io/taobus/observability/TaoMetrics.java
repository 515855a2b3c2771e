package io.taobus.observability;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.KernelListener;
import io.taobus.tao.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * The kernel's events as Micrometer meters: handler latency per phase, registered pattern and
 * outcome; swallowed async errors; rejections, cascade-depth stops, dispatched AppCons and cascade
 * duration. Tags take registered patterns, phases, outcomes and exception class names only, never a
 * value from a request, so strangers cannot add series. Meters are looked up once per registration
 * and cached, keeping the dispatch path to a map read and a timer update.
 */
public final class TaoMetrics implements KernelListener {

	private final MeterRegistry registry;

	private final Map<HandlerInfo, HandlerMeters> handlers = new ConcurrentHashMap<>();

	private final Map<String, Counter> swallowed = new ConcurrentHashMap<>();

	private final Counter matched;

	private final Counter unmatched;

	private final Counter saturated;

	private final Counter closed;

	private final Counter depthExceeded;

	private final Timer cascade;

	public TaoMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.matched = dispatched(registry, "true");
		this.unmatched = dispatched(registry, "false");
		this.saturated = rejected(registry, "saturated");
		this.closed = rejected(registry, "closed");
		this.depthExceeded = Counter.builder("tao.cascade.depth.exceeded")
			.description("AppCons dropped because their chain passed taobus.kernel.max-cascade-depth")
			.register(registry);
		this.cascade = Timer.builder("tao.cascade.duration")
			.description("From ingestion to the end of a cascade's last dispatch")
			.publishPercentileHistogram()
			.register(registry);
	}

	private static Counter dispatched(MeterRegistry registry, String matched) {
		return Counter.builder("tao.appcons.dispatched")
			.description("AppCons dispatched, by whether any handler matched")
			.tag("matched", matched)
			.register(registry);
	}

	private static Counter rejected(MeterRegistry registry, String reason) {
		return Counter.builder("tao.dispatch.rejected")
			.description("AppCons refused at admission")
			.tag("reason", reason)
			.register(registry);
	}

	@Override
	public void appConDispatched(AppCon appCon, boolean matched) {
		(matched ? this.matched : this.unmatched).increment();
	}

	@Override
	public void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome, @Nullable Throwable error) {
		this.handlers.computeIfAbsent(handler, this::meters).record(outcome, nanos);
	}

	@Override
	public void asyncErrorSwallowed(HandlerInfo handler, AppCon appCon, Throwable error) {
		String exception = error.getClass().getSimpleName();
		this.swallowed.computeIfAbsent(handler.pattern() + "\n" + exception,
				(key) -> Counter.builder("tao.async.errors.swallowed")
					.description("Exceptions of async handlers, swallowed by the bus")
					.tag("pattern", handler.pattern().toString())
					.tag("exception", exception.isEmpty() ? "anonymous" : exception)
					.register(this.registry))
			.increment();
	}

	@Override
	public void dispatchRejected(AppCon appCon, boolean closed) {
		(closed ? this.closed : this.saturated).increment();
	}

	@Override
	public void cascadeDepthExceeded(AppCon appCon, int depth) {
		this.depthExceeded.increment();
	}

	@Override
	public void cascadeFinished(AppCon root, long nanos) {
		this.cascade.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	/** Calls and errors per registration, for {@code /actuator/tao}. */
	long[] counts(HandlerInfo handler) {
		HandlerMeters meters = this.handlers.get(handler);
		return (meters != null) ? new long[] { meters.calls.sum(), meters.errors.sum() } : new long[] { 0, 0 };
	}

	private HandlerMeters meters(HandlerInfo handler) {
		Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			if (outcome != Outcome.TIMEOUT) { // rare: registered when it first happens
				timers.put(outcome, timer(handler, outcome));
			}
		}
		return new HandlerMeters(handler, timers);
	}

	private Timer timer(HandlerInfo handler, Outcome outcome) {
		return Timer.builder("tao.handler.duration")
			.description("Handler latency by phase, registered pattern and outcome")
			.tag("kind", handler.kind().tag())
			.tag("pattern", handler.pattern().toString())
			.tag("outcome", outcome.tag())
			.publishPercentileHistogram()
			.register(this.registry);
	}

	private final class HandlerMeters {

		private final HandlerInfo handler;

		private final Map<Outcome, Timer> timers;

		private final LongAdder calls = new LongAdder();

		private final LongAdder errors = new LongAdder();

		HandlerMeters(HandlerInfo handler, Map<Outcome, Timer> timers) {
			this.handler = handler;
			this.timers = timers;
		}

		void record(Outcome outcome, long nanos) {
			Timer timer = this.timers.get(outcome);
			if (timer == null) {
				timer = timer(this.handler, outcome); // the registry returns the one registered before
			}
			timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
			this.calls.increment();
			if (outcome == Outcome.ERROR || outcome == Outcome.TIMEOUT) {
				this.errors.increment();
			}
		}

	}

}
