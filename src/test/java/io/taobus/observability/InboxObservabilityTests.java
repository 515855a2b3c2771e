package io.taobus.observability;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;
import io.taobus.inbox.NewDelivery;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox's meters on a {@link SimpleMeterRegistry}, its backlog gauges over a real (in-memory)
 * inbox, and its health contributor up and down.
 */
class InboxObservabilityTests {

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void commitsBatchesAndRowsAreCounted() {
		InboxMetrics metrics = new InboxMetrics(this.registry);
		metrics.committed(3, Duration.ofMillis(2).toNanos());
		metrics.committed(64, Duration.ofMillis(4).toNanos());
		metrics.commitFailed(5, new IllegalStateException());
		metrics.rejected();
		metrics.recovered(2);
		metrics.replayed(4);
		metrics.dead(1);
		metrics.fenced(1);
		assertThat(this.registry.get("taobus.inbox.commit").timer().count()).isEqualTo(2);
		assertThat(this.registry.get("taobus.inbox.commit").timer().max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(4);
		assertThat(this.registry.get("taobus.inbox.batch.size").summary().totalAmount()).isEqualTo(67);
		assertThat(this.registry.get("taobus.inbox.commit.failed").counter().count()).isEqualTo(5);
		assertThat(this.registry.get("taobus.inbox.rejected").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("taobus.inbox.recovered").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("taobus.inbox.replayed").counter().count()).isEqualTo(4);
		assertThat(this.registry.get("taobus.inbox.dead").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("taobus.inbox.fenced").counter().count()).isEqualTo(1);
	}

	@Test
	void pendingRowsAndTheOldestAgeAreGauged() {
		Instant now = Instant.parse("2026-11-30T07:00:00Z");
		Clock clock = Clock.fixed(now, ZoneOffset.UTC);
		Inbox inbox = new MemoryInbox(InboxSettings.defaults(), clock, InboxListener.NONE);
		new InboxGauges(inbox, clock).bindTo(this.registry);
		assertThat(this.registry.get("taobus.inbox.pending").gauge().value()).isZero();
		assertThat(this.registry.get("taobus.inbox.pending.oldest.age").gauge().value()).isZero();
		InboxGauges fresh = new InboxGauges(inbox, Clock.offset(clock, Duration.ofSeconds(90)));
		inbox.accept(new NewDelivery("github", "d-1", "push", "received", "github", null, Map.of(), new byte[] { '{', '}' },
				now)).toCompletableFuture().join();
		SimpleMeterRegistry second = new SimpleMeterRegistry();
		fresh.bindTo(second);
		assertThat(second.get("taobus.inbox.pending").gauge().value()).isEqualTo(1);
		assertThat(second.get("taobus.inbox.pending.oldest.age").gauge().value()).isEqualTo(90);
	}

	@Test
	void anUnreadableBacklogIsNaNNotAFailedScrape() {
		new InboxGauges(failing(), Clock.systemUTC()).bindTo(this.registry);
		assertThat(this.registry.get("taobus.inbox.pending").gauge().value()).isNaN();
	}

	@Test
	void healthIsDownWhenTheDatabaseCannotBeReached() {
		Inbox memory = new MemoryInbox(InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		assertThat(new InboxHealthIndicator(memory).health().getStatus()).isEqualTo(Status.UP);
		assertThat(new InboxHealthIndicator(failing()).health().getStatus()).isEqualTo(Status.DOWN);
		Inbox unhealthy = (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
				(proxy, method, args) -> method.getName().equals("healthy") ? false : null);
		assertThat(new InboxHealthIndicator(unhealthy).health().getStatus()).isEqualTo(Status.DOWN);
	}

	static Inbox failing() {
		return (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
				(proxy, method, args) -> {
					throw new IllegalStateException("database down");
				});
	}

}
