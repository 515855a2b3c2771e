package io.taobus.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.Outcome;

/**
 * The meters of one registration, tagged with its kind, pattern and registered name ({@code handler}):
 * a {@code tao.handler.duration} timer per outcome and, for an async handler, its swallowed errors by
 * exception class. Success and error are registered at once, so that an error rate reads 0 rather
 * than nothing; an outcome only some calls reach (an intercept's {@code halted} and {@code diverted},
 * a {@code timeout}) when it first happens, so that no kind carries series it cannot produce.
 *
 * <p>Series budget, documented in the README and checked by {@code TaoMetricsTests}: each timer is
 * {@value #SERIES_PER_TIMER} series ({@link #BUCKETS} buckets, {@code +Inf}, count, sum, max); an
 * intercept can produce 5 outcomes (100 series), an inline or async handler 3 (60), plus at most
 * {@value #MAX_EXCEPTION_TAGS} exception classes and {@code other} for swallowed errors (70).
 */
final class HandlerMeters {

	/**
	 * Latency bucket boundaries. The demonstration's and the scrape test's handlers measured 0.4 µs (a
	 * chain step) to 400 µs (an async call that starts a cascade) on average over 400 deliveries, with
	 * tails into tens of ms on a loaded machine (see the README, Metrics): fine steps from 1 µs to 1 ms,
	 * coarse ones above.
	 */
	static final Duration[] BUCKETS = { micros(1), micros(2.5), micros(5), micros(10), micros(25), micros(50),
			micros(100), micros(250), micros(500), Duration.ofMillis(1), micros(2500), Duration.ofMillis(10),
			Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5) };

	static final int SERIES_PER_TIMER = 20;

	static final int MAX_EXCEPTION_TAGS = 8;

	private final MeterRegistry registry;

	private final HandlerInfo handler;

	private final Map<Outcome, Timer> timers = new ConcurrentHashMap<>();

	private final Map<String, Counter> swallowed = new ConcurrentHashMap<>();

	final LongAdder calls = new LongAdder();

	final LongAdder failures = new LongAdder();

	HandlerMeters(MeterRegistry registry, HandlerInfo handler) {
		this.registry = registry;
		this.handler = handler;
		this.timers.put(Outcome.SUCCESS, timer(Outcome.SUCCESS));
		this.timers.put(Outcome.ERROR, timer(Outcome.ERROR));
	}

	void record(Outcome outcome, long nanos) {
		this.timers.computeIfAbsent(outcome, this::timer).record(nanos, TimeUnit.NANOSECONDS);
		this.calls.increment();
		if (isFailure(outcome)) {
			this.failures.increment();
		}
	}

	void swallowed(Throwable error) {
		String name = error.getClass().getSimpleName();
		String exception = name.isEmpty() ? "anonymous" : name;
		Counter counter = this.swallowed.get(exception);
		if (counter == null) {
			synchronized (this.swallowed) {
				String tag = (this.swallowed.containsKey(exception) || this.swallowed.size() < MAX_EXCEPTION_TAGS)
						? exception : "other";
				counter = this.swallowed.computeIfAbsent(tag, this::swallowedCounter);
			}
		}
		counter.increment();
	}

	/** An error or a timeout: a call that did not do its work. */
	static boolean isFailure(Outcome outcome) {
		return outcome == Outcome.ERROR || outcome == Outcome.TIMEOUT;
	}

	private Timer timer(Outcome outcome) {
		return Timer.builder("tao.handler.duration")
			.description("Handler latency by kind, registered pattern, handler and outcome")
			.tag("kind", this.handler.kind().tag())
			.tag("pattern", this.handler.pattern().toString())
			.tag("handler", this.handler.name())
			.tag("outcome", outcome.tag())
			.serviceLevelObjectives(BUCKETS)
			.register(this.registry);
	}

	private Counter swallowedCounter(String exception) {
		return Counter.builder("tao.async.errors.swallowed")
			.description("Exceptions of async handlers, swallowed by the bus, by handler and exception class")
			.tag("pattern", this.handler.pattern().toString())
			.tag("handler", this.handler.name())
			.tag("exception", exception)
			.register(this.registry);
	}

	private static Duration micros(double micros) {
		return Duration.ofNanos(Math.round(micros * 1000));
	}

}
