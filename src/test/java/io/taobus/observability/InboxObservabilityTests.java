package io.taobus.observability;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;
import io.taobus.inbox.NewDelivery;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox's meters on a {@link SimpleMeterRegistry}, its backlog gauges over a real (in-memory)
 * inbox, and its health contributor up, down, and down within its deadline on a store that hangs.
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
		metrics.retried(3);
		metrics.dead(1);
		metrics.fenced(1);
		assertThat(this.registry.get("taobus.inbox.commit").timer().count()).isEqualTo(2);
		assertThat(this.registry.get("taobus.inbox.commit").timer().max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(4);
		assertThat(this.registry.get("taobus.inbox.batch.size").summary().totalAmount()).isEqualTo(67);
		assertThat(this.registry.get("taobus.inbox.commit.failed").counter().count()).isEqualTo(5);
		assertThat(this.registry.get("taobus.inbox.rejected").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("taobus.inbox.recovered").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("taobus.inbox.replayed").counter().count()).isEqualTo(4);
		assertThat(this.registry.get("taobus.inbox.retried").counter().count()).isEqualTo(3);
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
	void aBacklogQueryThatHangsIsNaNNotAHungScrape() {
		CountDownLatch answer = new CountDownLatch(1);
		Inbox hanging = (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
				(proxy, method, args) -> {
					// far beyond the deadline; bounded only so that a query run on the scrape's thread ends
					answer.await(30, TimeUnit.SECONDS);
					return new io.taobus.inbox.Backlog(7, null);
				});
		new InboxGauges(hanging, Clock.systemUTC()).bindTo(this.registry);
		assertThat(this.registry.get("taobus.inbox.pending").gauge().value()).isNaN();
		answer.countDown();
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

	/**
	 * A store that hangs answers no delivery: the check is DOWN once its deadline passes, however long the
	 * store takes; probes that come while it still runs wait for that same check rather than start others;
	 * and a probe that gives up (the actuator interrupts its thread) does not interrupt the check, which may
	 * be inside the JDBC driver.
	 */
	@Test
	void healthIsDownWhenTheStoreDoesNotAnswerAndTheCheckIsNeverInterrupted() throws Exception {
		CountDownLatch answer = new CountDownLatch(1);
		AtomicInteger checks = new AtomicInteger();
		AtomicBoolean interrupted = new AtomicBoolean();
		Inbox hanging = (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
				(proxy, method, args) -> {
					if (!method.getName().equals("healthy")) {
						return null;
					}
					checks.incrementAndGet();
					try {
						// far beyond the deadline; bounded only so that a check run on the probe's thread ends
						answer.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						interrupted.set(true);
					}
					return true;
				});
		InboxHealthIndicator indicator = new InboxHealthIndicator(hanging);
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason")).asString().contains("did not answer");
		Thread probe = Thread.ofVirtual().start(indicator::health);
		await().atMost(Duration.ofSeconds(10)).until(() -> probe.getState() == Thread.State.WAITING
				|| probe.getState() == Thread.State.TIMED_WAITING);
		probe.interrupt();
		probe.join();
		assertThat(checks).as("one check at a time").hasValue(1);
		answer.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.UP));
		assertThat(interrupted).as("the check was interrupted").isFalse();
	}

	static Inbox failing() {
		return (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
				(proxy, method, args) -> {
					throw new IllegalStateException("database down");
				});
	}

}
