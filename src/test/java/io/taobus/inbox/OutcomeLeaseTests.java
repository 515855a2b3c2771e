package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reported outcome is not safe until it is committed: while the outcome writer cannot write it, its
 * row stays this node's, renewed with the rows still running, so that a database slower than the lease
 * cannot get a finished delivery claimed and run again; and a node that falls further behind on its
 * outcomes than its queue capacity refuses new deliveries (503) until it has caught up. The embedded
 * store refuses the outcome's statement (and only it) as a database under load would time it out.
 */
class OutcomeLeaseTests {

	@TempDir
	Path directory;

	@Test
	void aReportedOutcomeKeepsItsRowRenewedUntilItIsWritten() {
		AtomicBoolean refuseOutcomes = new AtomicBoolean(true);
		try (HikariDataSource pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(1))) {
			Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).load().migrate();
			DataSource slowOutcomes = JdbcProxies.proxy(DataSource.class, pool, JdbcProxies.Around.NONE,
					(method, args, result) -> method.getName().equals("getConnection")
							? refusingOutcomes((Connection) result, refuseOutcomes) : result);
			JdbcInbox inbox = new JdbcInbox(slowOutcomes, InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
			try {
				Admission admission = inbox.accept(delivery("finished-late")).toCompletableFuture().join();
				DeliveryRef ref = ((Admission.Accepted) admission).ref();
				inbox.finished(ref, new Completion.Completed(1, 0));
				await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
					.until(() -> inbox.renewLeases() == 1);
				refuseOutcomes.set(false);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> inbox.find("github", "finished-late", false).orElseThrow().status() == DeliveryStatus.COMPLETED);
				assertThat(inbox.renewLeases()).as("written, so no longer renewed").isZero();
				assertThat(inbox.find("github", "finished-late", false).orElseThrow().attempts()).isEqualTo(1);
			}
			finally {
				inbox.close();
			}
		}
	}

	@Test
	void aNodeTooFarBehindOnItsOutcomesRefusesNewDeliveriesUntilItCatchesUp() {
		AtomicBoolean refuseOutcomes = new AtomicBoolean(true);
		try (HikariDataSource pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(1))) {
			Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).load().migrate();
			DataSource slowOutcomes = JdbcProxies.proxy(DataSource.class, pool, JdbcProxies.Around.NONE,
					(method, args, result) -> method.getName().equals("getConnection")
							? refusingOutcomes((Connection) result, refuseOutcomes) : result);
			JdbcInbox inbox = new JdbcInbox(slowOutcomes, InboxSettings.defaults().withQueueCapacity(3), Clock.systemUTC(),
					InboxListener.NONE);
			try {
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
				refuseOutcomes.set(false);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> inbox.accept(delivery("accepted")).toCompletableFuture().join() instanceof Admission.Accepted);
			}
			finally {
				inbox.close();
			}
		}
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
