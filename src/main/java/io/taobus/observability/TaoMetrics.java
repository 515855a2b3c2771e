package io.taobus.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.KernelListener;
import io.taobus.tao.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * The kernel's events as Micrometer meters: handler latency per kind, registered pattern, handler name
 * and outcome ({@link HandlerMeters}, with its series budget); swallowed async errors; rejections,
 * cascade-depth stops, dispatched AppCons and cascade duration. Tags take registered patterns and
 * names, kinds, outcomes and exception class names only, never a value from a request, so strangers
 * cannot add series. Latency histograms have fixed buckets from 1 µs ({@link HandlerMeters#BUCKETS}).
 * Meters are looked up once per registration and cached, keeping the dispatch path to a map read and
 * a timer update.
 */
public final class TaoMetrics implements KernelListener {

	private final MeterRegistry registry;

	private final Map<HandlerInfo, HandlerMeters> handlers = new ConcurrentHashMap<>();

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
			.serviceLevelObjectives(HandlerMeters.BUCKETS)
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
		meters(handler).record(outcome, nanos);
	}

	@Override
	public void asyncErrorSwallowed(HandlerInfo handler, AppCon appCon, Throwable error) {
		meters(handler).swallowed(error);
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
		this.cascade.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Calls and failed calls (errors and timeouts) per registration, for {@code /actuator/tao}. */
	long[] counts(HandlerInfo handler) {
		HandlerMeters meters = this.handlers.get(handler);
		return (meters != null) ? new long[] { meters.calls.sum(), meters.failures.sum() } : new long[] { 0, 0 };
	}

	private HandlerMeters meters(HandlerInfo handler) {
		HandlerMeters meters = this.handlers.get(handler);
		return (meters != null) ? meters : this.handlers.computeIfAbsent(handler, (info) -> new HandlerMeters(this.registry, info));
	}

}
