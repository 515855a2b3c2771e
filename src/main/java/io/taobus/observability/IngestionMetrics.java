package io.taobus.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taobus.ingestion.IngestionListener;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.tao.Trigram;

/**
 * Ingestion as meters: {@code taobus.webhooks.received} by source and outcome,
 * {@code taobus.webhooks.ack}, the time from request in to response out, and
 * {@code taobus.deliveries.unhandled}, the runs of stored deliveries that reached no handler, by source
 * and the trigram pattern of its mapping ({@code *|*|github}); a source's first accepted delivery registers
 * its counters of failed and dead deliveries at 0 ({@link DeliveryCounters}). The source tag is a configured name,
 * {@code api}, or {@code unknown}: the webhook endpoint never passes a raw path; the pattern comes from
 * the configuration too, never a delivery's own trigram, so that senders cannot add series.
 */
public final class IngestionMetrics implements IngestionListener {

	private final MeterRegistry registry;

	private final Map<String, Counter> unhandled = new ConcurrentHashMap<>();

	private final Map<String, Counter> received = new ConcurrentHashMap<>();

	private final Map<String, Timer> ack = new ConcurrentHashMap<>();

	private final DeliveryCounters deliveries;

	public IngestionMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.deliveries = new DeliveryCounters(registry);
	}

	@Override
	public void ingested(String source, IngestionOutcome outcome, long nanos) {
		this.received.computeIfAbsent(source + "\n" + outcome.tag(), (key) -> Counter.builder("taobus.webhooks.received")
			.description("Deliveries received, by source and outcome")
			.tag("source", source)
			.tag("outcome", outcome.tag())
			.register(this.registry)).increment();
		this.ack.computeIfAbsent(source, (key) -> Timer.builder("taobus.webhooks.ack")
			.description("From request in to response out")
			.tag("source", source)
			.publishPercentileHistogram()
			.register(this.registry)).record(nanos, TimeUnit.NANOSECONDS);
		if (outcome == IngestionOutcome.ACCEPTED) {
			this.deliveries.source(source);
		}
	}

	@Override
	public void unhandled(String source, Trigram mapping, Trigram trigram, String deliveryId) {
		this.unhandled.computeIfAbsent(source + "\n" + mapping, (key) -> Counter.builder("taobus.deliveries.unhandled")
			.description("Runs of stored deliveries that reached no handler: no registration matches their trigram")
			.tag("source", source)
			.tag("pattern", mapping.toString())
			.register(this.registry)).increment();
	}

}
