package io.taobus.inbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The closes of the inbox's background threads stop waiting for a thread inside the JDBC driver and
 * never interrupt it (an interrupt closes H2's file channel, and with it the database): the admission
 * writer, the outcome writer and recovery are each held in a store call (a connection that is slow to
 * come) while they are closed; the call is not interrupted, and the writer's delivery is still stored
 * once the store answers. A writer wedged inside the store makes the inbox unhealthy (readiness DOWN)
 * although the store still answers a health check, until it comes back.
 */
class InboxCloseTests {

	@TempDir
	Path directory;

	private HikariDataSource pool;

	private final CountDownLatch inside = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	/** Counted down once the held call stopped waiting, released or interrupted. */
	private final CountDownLatch left = new CountDownLatch(1);

	private final AtomicBoolean interrupted = new AtomicBoolean();

	/** Whether the next connection is held. */
	private final AtomicBoolean armed = new AtomicBoolean(true);

	@BeforeEach
	void migrate() {
		this.pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(1));
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
	}

	@AfterEach
	void closePool() {
		this.release.countDown();
		this.pool.close();
	}

	@Test
	void theAdmissionWriterIsNotInterruptedInsideTheStore() throws Exception {
		InboxSettings settings = InboxSettings.defaults();
		AdmissionWriter writer = new AdmissionWriter(held(), new Admissions(SqlDialect.of(this.pool), settings), null, settings,
				new Counters(), InboxListener.NONE, new HeldRefs());
		CompletableFuture<Admission> admission = writer.submit(delivery("closing")).toCompletableFuture();
		assertThat(this.inside.await(10, TimeUnit.SECONDS)).isTrue();
		writer.close(50);
		this.release.countDown();
		assertThat(this.left.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(admission.get(10, TimeUnit.SECONDS)).isInstanceOf(Admission.Accepted.class);
		assertThat(this.interrupted).as("the writer was interrupted inside the store").isFalse();
	}

	@Test
	void theOutcomeWriterIsNotInterruptedInsideTheStore() throws Exception {
		OutcomeWriter writer = new OutcomeWriter(0, held(), SqlDialect.of(this.pool), new Counters(), InboxListener.NONE,
				new HeldRefs(), InboxSettings.defaults(), java.time.Clock.systemUTC());
		writer.add(new DeliveryRef(1, "github", "closing", 1), new Completion.Completed(1, 0), List.of(), null);
		assertThat(this.inside.await(10, TimeUnit.SECONDS)).isTrue();
		writer.close(50);
		this.release.countDown();
		assertThat(this.left.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.interrupted).as("the outcome writer was interrupted inside the store").isFalse();
	}

	@Test
	void recoveryIsNotInterruptedInsideTheStore() throws Exception {
		this.armed.set(false);
		JdbcInbox inbox = new JdbcInbox(held(), InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		this.armed.set(true);
		// the first round to ask for a connection (a claim or a renewal) is the one held
		InboxRecovery recovery = InboxRecovery.start(inbox, (delivery) -> {
		}, Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofMinutes(1));
		assertThat(this.inside.await(10, TimeUnit.SECONDS)).isTrue();
		recovery.close();
		this.release.countDown();
		assertThat(this.left.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.interrupted).as("a recovery round was interrupted inside the store").isFalse();
		inbox.close();
	}

	@Test
	void aWriterWedgedInsideTheStoreMakesTheInboxUnhealthyUntilItComesBack() throws Exception {
		this.armed.set(false);
		JdbcInbox inbox = new JdbcInbox(held(), InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		try {
			this.armed.set(true);
			CompletableFuture<Admission> admission = inbox.accept(delivery("wedged")).toCompletableFuture();
			assertThat(this.inside.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(inbox.healthy()).as("the store itself still answers").isTrue();
			await().atMost(Duration.ofSeconds(60)).until(() -> !inbox.healthy());
			this.release.countDown();
			assertThat(admission.get(10, TimeUnit.SECONDS)).isInstanceOf(Admission.Accepted.class);
			await().atMost(Duration.ofSeconds(10)).until(inbox::healthy);
		}
		finally {
			inbox.close();
		}
	}

	/** The pool, whose next connection once {@link #armed} comes only when {@link #release} is counted down. */
	private DataSource held() {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					if (method.getName().equals("getConnection") && this.armed.getAndSet(false)) {
						this.inside.countDown();
						try {
							this.release.await();
						}
						catch (InterruptedException ex) {
							this.interrupted.set(true);
						}
						this.left.countDown();
					}
					try {
						return method.invoke(this.pool, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static NewDelivery delivery(String id) {
		return new NewDelivery("github", id, "push", "received", "github", "application/json", java.util.Map.of(),
				"{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.time.Instant.now());
	}

}
