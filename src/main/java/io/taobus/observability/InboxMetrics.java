package io.taobus.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallStatus;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.InboxListener;

/**
 * What the inbox does, as meters: the latency of a group commit (from its first delivery's enqueue to
 * the commit, the part of a 202's latency the store adds), the rows per commit, refused deliveries,
 * and the rows recovered after a lease expired, replayed, retried, dead or fenced; the runs of deliveries that
 * failed and the deliveries gone dead by source ({@link DeliveryCounters}); and
 * from the ledger, the failed attempts of handler calls and the calls gone dead, by handler and kind
 * ({@code taobus.calls.failed}, {@code .dead}), counted when the ledger commits them. Tags never
 * take a value from a request: sources are configured names, handlers registered ones (never a trigram
 * or a delivery id), so the series are bounded by the configuration.
 */
final class InboxMetrics implements InboxListener {

	private final Timer commit;

	private final DistributionSummary batchSize;

	private final Counter commitFailed;

	private final Counter rejected;

	private final Counter recovered;

	private final Counter replayed;

	private final Counter retried;

	private final Counter dead;

	private final Counter fenced;

	private final MeterRegistry registry;

	private final DeliveryCounters deliveries;

	private final Map<String, HandlerCounters> calls = new ConcurrentHashMap<>();

	InboxMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.deliveries = new DeliveryCounters(registry);
		this.commit = Timer.builder("taobus.inbox.commit")
			.description("Group commits of accepted deliveries: first enqueue to commit")
			.publishPercentileHistogram()
			.register(registry);
		this.batchSize = DistributionSummary.builder("taobus.inbox.batch.size")
			.description("Deliveries admitted per group commit")
			.baseUnit("deliveries")
			.serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
			.register(registry);
		this.commitFailed = counter(registry, "taobus.inbox.commit.failed", "Deliveries refused (503) because their commit failed");
		this.rejected = counter(registry, "taobus.inbox.rejected", "Deliveries refused (503) because the writer's queue was full");
		this.recovered = counter(registry, "taobus.inbox.recovered", "Stored deliveries dispatched again after their lease expired");
		this.replayed = counter(registry, "taobus.inbox.replayed", "Stored deliveries dispatched again on an operator's replay");
		this.retried = counter(registry, "taobus.inbox.retried",
				"Failed deliveries dispatched again on their own once their retry came due");
		this.dead = counter(registry, "taobus.inbox.dead",
				"Deliveries that reached max-attempts, or spent their retries, and became dead");
		this.fenced = counter(registry, "taobus.inbox.fenced", "Outcomes ignored because another attempt had taken the row over");
	}

	private static Counter counter(MeterRegistry registry, String name, String description) {
		return Counter.builder(name).description(description).register(registry);
	}

	@Override
	public void committed(int rows, long nanos) {
		this.commit.record(nanos, TimeUnit.NANOSECONDS);
		this.batchSize.record(rows);
	}

	@Override
	public void commitFailed(int rows, Throwable failure) {
		this.commitFailed.increment(rows);
	}

	@Override
	public void rejected() {
		this.rejected.increment();
	}

	@Override
	public void recovered(int rows) {
		this.recovered.increment(rows);
	}

	@Override
	public void replayed(int rows) {
		this.replayed.increment(rows);
	}

	@Override
	public void retried(int rows) {
		this.retried.increment(rows);
	}

	@Override
	public void dead(int rows) {
		this.dead.increment(rows);
	}

	@Override
	public void fenced(int completions) {
		this.fenced.increment(completions);
	}

	@Override
	public void deliveriesSettled(String source, DeliveryStatus status, int rows) {
		this.deliveries.settled(source, status, rows);
	}

	@Override
	public void callsRecorded(String source, String deliveryId, List<CallRecord> records) {
		for (CallRecord record : records) {
			if (record.status() == CallStatus.COMPLETED) {
				continue;
			}
			HandlerCounters counters = this.calls.computeIfAbsent(record.handler() + "\n" + record.kind(),
					(key) -> new HandlerCounters(this.registry, record.handler(), record.kind()));
			counters.failed().increment();
			if (record.status() == CallStatus.DEAD) {
				counters.dead().increment();
			}
		}
	}

	/**
	 * The ledger's counters of one handler, both registered at its first failure, so that its dead calls
	 * read 0 rather than nothing while it only fails.
	 */
	private record HandlerCounters(Counter failed, Counter dead) {

		HandlerCounters(MeterRegistry registry, String handler, String kind) {
			this(Counter.builder("taobus.calls.failed")
				.description("Failed attempts of handler calls on the ledger (threw or timed out), by handler and kind")
				.tag("handler", handler)
				.tag("kind", kind)
				.register(registry),
					Counter.builder("taobus.calls.dead")
						.description("Handler calls the ledger gave up on (retries spent, or not retryable), by handler and kind")
						.tag("handler", handler)
						.tag("kind", kind)
						.register(registry));
		}

	}

}
