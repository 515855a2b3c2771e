package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * A reported outcome is not safe until it is committed: while the outcome writer cannot write it, its
 * row stays this node's, renewed with the rows still running, so that a database slower than the lease
 * cannot get a finished delivery claimed and run again; and a node that falls further behind on its
 * outcomes than its queue capacity refuses new deliveries (503) until it has caught up; and renewal
 * skips a row the outcome writer has locked rather than waiting for it (so the two cannot deadlock). The embedded
 * store refuses the outcome's statement (and only it) as a database under load would time it out.
 */
class OutcomeLeaseTests {

	@TempDir
	Path directory;

	private final AtomicBoolean refuseOutcomes = new AtomicBoolean(true);

	private HikariDataSource pool;

	private JdbcInbox inbox;

	@BeforeEach
	void migrate() {
		this.pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(1));
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
	}

	@AfterEach
	void close() {
		if (this.inbox != null) {
			this.inbox.close();
		}
		this.pool.close();
	}

	/** An inbox on the embedded store whose outcome statements fail while {@link #refuseOutcomes} is set. */
	private JdbcInbox inbox(InboxSettings settings) {
		DataSource slowOutcomes = JdbcProxies.proxy(DataSource.class, this.pool, JdbcProxies.Around.NONE,
				(method, args, result) -> method.getName().equals("getConnection")
						? refusingOutcomes((Connection) result, this.refuseOutcomes) : result);
		this.inbox = new JdbcInbox(slowOutcomes, settings, Clock.systemUTC(), InboxListener.NONE);
		return this.inbox;
	}

	@Test
	void aReportedOutcomeKeepsItsRowRenewedUntilItIsWritten() {
		JdbcInbox inbox = inbox(InboxSettings.defaults());
		Admission admission = inbox.accept(delivery("finished-late")).toCompletableFuture().join();
		DeliveryRef ref = ((Admission.Accepted) admission).ref();
		inbox.finished(ref, new Completion.Completed(1, 0));
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> inbox.renewLeases() == 1);
		this.refuseOutcomes.set(false);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> inbox.find("github", "finished-late", false).orElseThrow().status() == DeliveryStatus.COMPLETED);
		assertThat(inbox.renewLeases()).as("written, so no longer renewed").isZero();
		assertThat(inbox.find("github", "finished-late", false).orElseThrow().attempts()).isEqualTo(1);
	}

	@Test
	void aNodeTooFarBehindOnItsOutcomesRefusesNewDeliveriesUntilItCatchesUp() {
		JdbcInbox inbox = inbox(InboxSettings.defaults().withQueueCapacity(3));
		for (int i = 0; i < 4; i++) {
			Admission admission = inbox.accept(delivery("behind-" + i)).toCompletableFuture().join();
			inbox.finished(((Admission.Accepted) admission).ref(), new Completion.Completed(1, 0));
		}
		assertThat(inbox.accept(delivery("refused")).toCompletableFuture())
			.failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(InboxUnavailableException.class)
			.withMessageContaining("4 delivery outcomes behind");
		assertThat(inbox.find("github", "refused", false)).isEmpty();
		this.refuseOutcomes.set(false);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> inbox.accept(delivery("accepted")).toCompletableFuture().join() instanceof Admission.Accepted);
	}

	@Test
	void renewalSkipsARowAnotherTransactionHoldsInsteadOfWaitingForIt() throws Exception {
		JdbcInbox inbox = inbox(InboxSettings.defaults());
		DeliveryRef settling = ((Admission.Accepted) inbox.accept(delivery("settling")).toCompletableFuture().join()).ref();
		DeliveryRef running = ((Admission.Accepted) inbox.accept(delivery("running")).toCompletableFuture().join()).ref();
		try (Connection other = this.pool.getConnection(); Statement statement = other.createStatement()) {
			// the outcome writer's transaction, as it settles one of them
			other.setAutoCommit(false);
			statement.executeQuery("SELECT id FROM inbox_delivery WHERE delivery_id = 'settling' FOR UPDATE").close();
			assertThat(inbox.renewLeases()).as("the other one, without waiting").isEqualTo(1);
			other.rollback();
		}
		assertThat(inbox.renewLeases()).isEqualTo(2);
		java.lang.ref.Reference.reachabilityFence(settling);
		java.lang.ref.Reference.reachabilityFence(running);
	}

	private static NewDelivery delivery(String id) {
		return new NewDelivery("github", id, "push", "received", "github", null, Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), Instant.now());
	}

	/** A connection whose settling statement fails, as a statement timeout would, while the flag is set. */
	private static Connection refusingOutcomes(Connection connection, AtomicBoolean refuse) {
		return JdbcProxies.proxy(Connection.class, connection, (method, args) -> {
			if (refuse.get() && method.getName().equals("prepareStatement") && args != null
					&& args[0] instanceof String sql && sql.startsWith("UPDATE inbox_delivery SET status = ?")) {
				throw new SQLException("canceling statement due to statement timeout (the test's)", "57014");
			}
			return null;
		}, JdbcProxies.After.NONE);
	}

}
