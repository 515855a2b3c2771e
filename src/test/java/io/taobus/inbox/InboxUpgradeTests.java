package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each migration upgrades a filled database of the version before it, on both vendors: the database is
 * migrated to that version, filled with deliveries of every status (bodies, errors, leases), upgraded by
 * {@link InboxMigrations}, and then read and written by the inbox of this version with nothing lost.
 * V1 to V2 adds the recorded response of request/response deliveries ({@link InboxMigrationUpgradeTests}
 * upgrades a filled V2 to V3).
 */
class InboxUpgradeTests {

	private static final int ROWS = 20_000;

	@TempDir
	Path directory;

	@Test
	void aFilledVersion1H2FileUpgradesWithNothingLost() throws Exception {
		InboxMigrationUpgradeTests.onH2File(this.directory, (pool) -> upgradeFromVersion1(pool, "SYSTEM_RANGE(1, " + ROWS + ")"));
	}

	@Test
	void aFilledVersion1PostgresDatabaseUpgradesWithNothingLost() throws Exception {
		InboxMigrationUpgradeTests.onFreshPostgres("taobus_upgrade_",
				(pool) -> upgradeFromVersion1(pool, "generate_series(1, " + ROWS + ") AS s(x)"));
	}

	private static void upgradeFromVersion1(DataSource pool, String series) throws Exception {
		Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).table(InboxMigrations.HISTORY_TABLE)
			.target("1").load().migrate();
		fill(pool, series);
		Map<String, Long> before = statuses(pool);
		assertThat(before.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);

		Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).table(InboxMigrations.HISTORY_TABLE)
			.target("2").load().migrate();
		assertThat(statuses(pool)).isEqualTo(before);
		// and on to the latest, with which this inbox runs
		assertThat(InboxMigrations.migrate(pool, InboxMigrations.HISTORY_TABLE)).isPositive();
		assertThat(statuses(pool)).isEqualTo(before);
		JdbcInbox inbox = new JdbcInbox(pool, InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		try {
			DeliveryRecord failed = inbox.find("github", "d5", true).orElseThrow();
			assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
			assertThat(failed.lastError()).isEqualTo("java.lang.IllegalStateException: boom 5");
			assertThat(failed.body()).isEqualTo(body(5));
			assertThat(failed.response()).isNull();
			NewDelivery asked = new NewDelivery("api", "after-upgrade", "quote", "ask", "api", "application/json", Map.of(),
					body(0), Instant.now());
			Admission admission = inbox.accept(asked).toCompletableFuture().get(20, TimeUnit.SECONDS);
			DeliveryRef ref = ((Admission.Accepted) admission).ref();
			inbox.finished(ref, new Completion.Completed(1, 0), List.of(), "{\"answer\":42}".getBytes(StandardCharsets.UTF_8));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> inbox.find("api", "after-upgrade", true).orElseThrow().response() != null);
			assertThat(inbox.find("github", "d4", false).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		}
		finally {
			inbox.close();
		}
	}

	/** Rows of every status: pending with a lease, completed, failed with an error, dead. */
	private static void fill(DataSource pool, String series) throws SQLException {
		try (Connection connection = pool.getConnection();
				PreparedStatement fill = connection.prepareStatement("INSERT INTO inbox_delivery (source, delivery_id, "
						+ "status, attempts, term, action, orient, headers, body, received_at, completed_at, lease_until, "
						+ "owner_node, handler_calls, last_error) SELECT 'github', CONCAT('d', x), "
						+ "CASE MOD(x, 4) WHEN 0 THEN 'pending' WHEN 1 THEN 'failed' WHEN 2 THEN 'completed' ELSE 'dead' END, "
						+ "1 + MOD(x, 3), 'push', 'received', 'github', 'x-github-event: push', "
						+ "CAST(CONCAT('{\"n\":', x, '}') AS " + bytes(connection) + "), CURRENT_TIMESTAMP, "
						+ "CASE WHEN MOD(x, 4) = 0 THEN NULL ELSE CURRENT_TIMESTAMP END, "
						+ "CASE WHEN MOD(x, 4) = 0 THEN CURRENT_TIMESTAMP ELSE NULL END, "
						+ "CASE WHEN MOD(x, 4) = 0 THEN 'node-a' ELSE NULL END, MOD(x, 5), "
						+ "CASE WHEN MOD(x, 4) = 1 THEN CONCAT('java.lang.IllegalStateException: boom ', x) ELSE NULL END "
						+ "FROM " + series)) {
			assertThat(fill.executeUpdate()).isEqualTo(ROWS);
		}
	}

	private static String bytes(Connection connection) throws SQLException {
		return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("h2") ? "VARBINARY" : "BYTEA";
	}

	private static byte[] body(int n) {
		return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, Long> statuses(DataSource pool) throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Connection connection = pool.getConnection();
				Statement select = connection.createStatement();
				ResultSet rs = select.executeQuery("SELECT status, COUNT(*), SUM(LENGTH(body)), COUNT(last_error) "
						+ "FROM inbox_delivery GROUP BY status ORDER BY status")) {
			while (rs.next()) {
				counts.put(rs.getString(1) + " bodies " + rs.getLong(3) + " errors " + rs.getLong(4), rs.getLong(2));
			}
		}
		return counts;
	}

}
