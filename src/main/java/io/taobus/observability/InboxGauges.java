package io.taobus.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.taobus.inbox.Backlog;
import io.taobus.inbox.Inbox;
import org.jspecify.annotations.Nullable;

/**
 * The inbox's backlog as gauges: pending rows (running, or waiting for recovery) and the age of the
 * oldest. Reading them is a query, so a reading is kept for {@link #MAX_AGE} and shared by both gauges
 * and every scrape within it; a failed reading, or one that takes longer than {@link #READ_DEADLINE}, shows
 * as NaN rather than failing or hanging the scrape. The query is a {@link DetachedRead}: a scrape that
 * times out cannot interrupt it inside the JDBC driver.
 */
final class InboxGauges implements MeterBinder {

	static final Duration MAX_AGE = Duration.ofSeconds(5);

	/** How long a scrape waits for the backlog's query before it shows NaN. */
	static final Duration READ_DEADLINE = Duration.ofSeconds(3);

	private final DetachedRead<Backlog> backlog;

	private final Clock clock;

	private volatile @Nullable Reading last;

	InboxGauges(Inbox inbox, Clock clock) {
		this.backlog = new DetachedRead<>("taobus-inbox-backlog", inbox::backlog, READ_DEADLINE);
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("taobus.inbox.pending", this, (gauges) -> gauges.read((backlog) -> backlog.pending()))
			.description("Stored deliveries whose cascade has not finished (running, or waiting for recovery)")
			.baseUnit("deliveries")
			.register(registry);
		Gauge.builder("taobus.inbox.pending.oldest.age", this, (gauges) -> gauges.read(this::oldestAgeSeconds))
			.description("Age of the oldest pending delivery (0 when none is pending)")
			.baseUnit("seconds")
			.register(registry);
	}

	private double oldestAgeSeconds(Backlog backlog) {
		Instant oldest = backlog.oldestReceivedAt();
		return (oldest != null) ? Math.max(0, Duration.between(oldest, this.clock.instant()).toMillis() / 1000.0) : 0;
	}

	private double read(java.util.function.ToDoubleFunction<Backlog> value) {
		Reading reading = this.last;
		long now = System.nanoTime();
		if (reading == null || now - reading.nanos() > MAX_AGE.toNanos()) {
			try {
				reading = new Reading(this.backlog.get(), now);
			}
			catch (TimeoutException | ExecutionException ex) {
				reading = new Reading(null, now);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				reading = new Reading(null, now);
			}
			this.last = reading;
		}
		return (reading.backlog() != null) ? value.applyAsDouble(reading.backlog()) : Double.NaN;
	}

	private record Reading(@Nullable Backlog backlog, long nanos) {
	}

}
