package io.taobus.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.taobus.inbox.DeliveryStatus;

/**
 * The counters of a source's failed runs and dead deliveries, {@code taobus.deliveries.failed} and
 * {@code taobus.deliveries.dead}, defined in one place: registered together, at 0, when a source's first
 * delivery is accepted ({@link IngestionMetrics}), so that a rate or an alert reads 0 before the first
 * failure rather than nothing; counted by {@link InboxMetrics} when the inbox commits them. The source
 * is a configured name or {@code api}, never a value of a request.
 */
final class DeliveryCounters {

	private final MeterRegistry registry;

	private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

	DeliveryCounters(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Registers the source's counters, if they are not yet. */
	void source(String source) {
		of(source);
	}

	/** Counts runs of a source that settled failed or dead. */
	void settled(String source, DeliveryStatus status, int rows) {
		of(source)[(status == DeliveryStatus.DEAD) ? 1 : 0].increment(rows);
	}

	private Counter[] of(String source) {
		Counter[] found = this.counters.get(source);
		return (found != null) ? found : this.counters.computeIfAbsent(source, (key) -> new Counter[] {
				Counter.builder("taobus.deliveries.failed")
					.description("Runs of deliveries whose cascade failed (an inline or intercept handler threw or timed out), by source")
					.tag("source", source)
					.register(this.registry),
				Counter.builder("taobus.deliveries.dead")
					.description("Deliveries that reached max-attempts and became dead, by source")
					.tag("source", source)
					.register(this.registry) });
	}

}
