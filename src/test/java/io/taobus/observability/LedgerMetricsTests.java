package io.taobus.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallStatus;
import io.taobus.inbox.CallTally;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's meters on a {@link SimpleMeterRegistry}: failed and dead calls counted by handler and
 * kind, failed and dead deliveries by source, and the gauges of calls retrying and dead per handler,
 * registered for async registrations and for handlers the ledger names, NaN when the tallies cannot be
 * read or hang. No tag takes a trigram or a delivery id.
 */
class LedgerMetricsTests {

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	static CallRecord call(String handler, String kind, CallStatus status) {
		return new CallRecord("0123456789abcdef0123456789abcdef", "0", "push|received|github", handler, kind, 1, status,
				(status == CallStatus.COMPLETED) ? "success" : "error", Instant.EPOCH, 5,
				(status == CallStatus.COMPLETED) ? null : "java.lang.IllegalStateException", null, null,
				(status == CallStatus.RETRYING) ? Instant.EPOCH : null);
	}

	@Test
	void failedAndDeadCallsAreCountedByHandlerAndKind() {
		InboxMetrics metrics = new InboxMetrics(this.registry);
		metrics.callsRecorded("github", "d-1", List.of(call("build", "inline", CallStatus.COMPLETED),
				call("notify", "async", CallStatus.RETRYING), call("book", "inline", CallStatus.FAILED)));
		metrics.callsRecorded("github", "d-1", List.of(call("notify", "async", CallStatus.DEAD)));
		assertThat(counter("taobus.calls.failed", "notify")).isEqualTo(2);
		assertThat(counter("taobus.calls.dead", "notify")).isEqualTo(1);
		assertThat(counter("taobus.calls.failed", "book")).isEqualTo(1);
		assertThat(counter("taobus.calls.dead", "book")).as("registered at its first failure").isZero();
		assertThat(this.registry.find("taobus.calls.failed").tag("handler", "build").counter())
			.as("a handler that never failed has no series").isNull();
		assertThat(this.registry.get("taobus.calls.dead").tag("handler", "notify").counter().getId().getTags())
			.extracting(io.micrometer.core.instrument.Tag::getKey).containsExactlyInAnyOrder("handler", "kind");
	}

	@Test
	void failedAndDeadDeliveriesAreCountedBySource() {
		InboxMetrics metrics = new InboxMetrics(this.registry);
		metrics.deliveriesSettled("github", DeliveryStatus.FAILED, 2);
		metrics.deliveriesSettled("github", DeliveryStatus.FAILED, 1);
		metrics.deliveriesSettled("stripe", DeliveryStatus.DEAD, 4);
		assertThat(this.registry.get("taobus.deliveries.failed").tag("source", "github").counter().count()).isEqualTo(3);
		assertThat(this.registry.get("taobus.deliveries.dead").tag("source", "stripe").counter().count()).isEqualTo(4);
		assertThat(this.registry.get("taobus.deliveries.dead").tag("source", "github").counter().count())
			.as("registered with its failed runs, at 0").isZero();
	}

	@Test
	void aSourcesFirstAcceptedDeliveryRegistersItsDeliveryCountersAtZero() {
		IngestionMetrics ingestion = new IngestionMetrics(this.registry);
		ingestion.ingested("unknown", io.taobus.ingestion.IngestionOutcome.UNKNOWN_SOURCE, 1);
		assertThat(this.registry.find("taobus.deliveries.failed").counters()).isEmpty();
		ingestion.ingested("github", io.taobus.ingestion.IngestionOutcome.ACCEPTED, 1);
		assertThat(this.registry.get("taobus.deliveries.failed").tag("source", "github").counter().count()).isZero();
		assertThat(this.registry.get("taobus.deliveries.dead").tag("source", "github").counter().count()).isZero();
		new InboxMetrics(this.registry).deliveriesSettled("github", DeliveryStatus.FAILED, 1);
		assertThat(this.registry.get("taobus.deliveries.failed").tag("source", "github").counter().count()).isEqualTo(1);
	}

	@Test
	void retryingAndDeadCallsAreGaugedPerHandler() {
		AtomicReference<List<CallTally>> tallies = new AtomicReference<>(List.of(new CallTally("notify", "async", 3, 1),
				new CallTally("Removed#handler", "async", 0, 2)));
		InboxCallGauges gauges = new InboxCallGauges(tallies::get);
		gauges.bindTo(this.registry);
		Kernel kernel = Kernel.builder().build();
		try {
			kernel.addInlineHandler(Trigram.of("push", "*", "*"), "build", (appCon) -> null);
			kernel.addAsyncHandler(Trigram.of("push", "*", "*"), "notify", null, AsyncRetries.NONE, (appCon) -> null);
			kernel.addAsyncHandler(Trigram.of("push", "*", "*"), "audit", null, AsyncRetries.NONE, (appCon) -> null);
			gauges.register(kernel.registrations());
		}
		finally {
			kernel.close(Duration.ofSeconds(5));
		}
		assertThat(gauge("taobus.inbox.calls.retrying", "notify")).isEqualTo(3);
		assertThat(gauge("taobus.inbox.calls.dead", "notify")).isEqualTo(1);
		assertThat(gauge("taobus.inbox.calls.dead", "audit")).as("an async handler with none waiting").isZero();
		assertThat(this.registry.find("taobus.inbox.calls.dead").tag("handler", "build").gauge())
			.as("an inline handler is never retried nor dead").isNull();
		assertThat(gauge("taobus.inbox.calls.dead", "Removed#handler")).as("named by a reading").isEqualTo(2);
		gauges.callsRecorded("github", "d-1", List.of(call("late", "async", CallStatus.DEAD)));
		assertThat(this.registry.find("taobus.inbox.calls.dead").tag("handler", "late").gauge())
			.as("named by the ledger's record").isNotNull();
	}

	@Test
	void unreadableTalliesAreNaNNotAFailedScrape() {
		InboxCallGauges gauges = new InboxCallGauges(() -> {
			throw new IllegalStateException("database down");
		});
		gauges.bindTo(this.registry);
		gauges.callsRecorded("github", "d-1", List.of(call("notify", "async", CallStatus.RETRYING)));
		assertThat(gauge("taobus.inbox.calls.retrying", "notify")).isNaN();
	}


	@Test
	void talliesThatHangAreNaNWithinTheDeadline() {
		CountDownLatch answer = new CountDownLatch(1);
		InboxCallGauges gauges = new InboxCallGauges(() -> {
			try {
				answer.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return List.of();
		}, Duration.ofMillis(100));
		gauges.bindTo(this.registry);
		gauges.callsRecorded("github", "d-1", List.of(call("notify", "async", CallStatus.DEAD)));
		assertThat(gauge("taobus.inbox.calls.dead", "notify")).isNaN();
		answer.countDown();
	}

	private double counter(String name, String handler) {
		return this.registry.get(name).tag("handler", handler).counter().count();
	}

	private double gauge(String name, String handler) {
		Meter.Id id = this.registry.get(name).tag("handler", handler).gauge().getId();
		assertThat(id.getTags()).extracting(io.micrometer.core.instrument.Tag::getKey).containsExactlyInAnyOrder("handler", "kind");
		return this.registry.get(name).tag("handler", handler).gauge().value();
	}

}
