package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database the inbox migrated to V4 and filled with deliveries in every status, their ledger of handler
 * calls and V4's columns (rerun starts, retries, call results) upgrades to V5, which drops the index
 * {@code inbox_delivery_owner}, on the embedded H2 file and on PostgreSQL: every row of both tables is as
 * it was, the other indexes are all there, and what looked rows up by their owner still works without it: a
 * node renews the leases of what it admitted and of what it claimed from an expired lease, and a second
 * node claims none of them.
 */
class OwnerIndexUpgradeTests {

	@TempDir
	Path directory;

	@Test
	void anH2FileFilledAtV4UpgradesWithNothingLost() throws Exception {
		InboxMigrationUpgradeTests.onH2File(this.directory, this::upgrade);
	}

	@Test
	void aPostgresDatabaseFilledAtV4UpgradesWithNothingLost() throws Exception {
		InboxMigrationUpgradeTests.onFreshPostgres("taobus_upgrade_v5_", this::upgrade);
	}

	private void upgrade(HikariDataSource pool) throws Exception {
		InboxMigrationUpgradeTests.migrateTo(pool, "4");
		InboxMigrationUpgradeTests.fill(pool);
		LedgerUpgradeTests.fillLedger(pool);
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			// V4's columns, set on some rows (the retries not yet due)
			statement.executeUpdate("UPDATE inbox_delivery SET rerun_from = id, retries = 2, retry_at = received_at + INTERVAL '1' DAY "
					+ "WHERE status = 'failed'");
			statement.executeUpdate("UPDATE inbox_handler_call SET result = '{\"chained\":null}' WHERE status = 'completed'");
		}
		List<List<Object>> deliveries = InboxMigrationUpgradeTests.rows(pool);
		List<List<Object>> calls = InboxMigrationUpgradeTests.rows(pool, "inbox_handler_call");
		Set<String> indexes = indexes(pool);
		assertThat(indexes).contains("inbox_delivery_owner", "inbox_delivery_lease");

		assertThat(InboxMigrations.migrate(pool, InboxMigrations.HISTORY_TABLE)).as("V5").isEqualTo(1);

		assertThat(InboxMigrationUpgradeTests.rows(pool)).isEqualTo(deliveries);
		assertThat(InboxMigrationUpgradeTests.rows(pool, "inbox_handler_call")).isEqualTo(calls);
		indexes.remove("inbox_delivery_owner");
		assertThat(indexes(pool)).isEqualTo(indexes);
		assertThat(InboxMigrations.migrate(pool, InboxMigrations.HISTORY_TABLE)).isZero();

		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			// node-a's leases of the filled pending rows ran out
			statement.executeUpdate("UPDATE inbox_delivery SET lease_until = received_at WHERE status = 'pending'");
		}
		JdbcInbox node = new JdbcInbox(pool, InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		JdbcInbox other = new JdbcInbox(pool, InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		try {
			Admission admitted = node.accept(new NewDelivery("github", "after-v5", "push", "received", "github",
					"application/json", Map.of(), "{}".getBytes(StandardCharsets.UTF_8), Instant.now()))
				.toCompletableFuture().get();
			assertThat(admitted).isInstanceOf(Admission.Accepted.class);
			List<ClaimedDelivery> claimed = node.claimExpired(1000);
			assertThat(claimed).hasSize(InboxMigrationUpgradeTests.PER_STATUS);
			assertThat(node.renewLeases()).as("the admitted row and the claimed ones")
				.isEqualTo(InboxMigrationUpgradeTests.PER_STATUS + 1);
			assertThat(other.claimExpired(1000)).as("all leased to the first node").isEmpty();
		}
		finally {
			other.close();
			node.close();
		}
	}

	/** The names of the indexes on {@code inbox_delivery}, lower-cased. */
	private static Set<String> indexes(DataSource pool) throws SQLException {
		Set<String> names = new TreeSet<>();
		try (Connection connection = pool.getConnection()) {
			DatabaseMetaData meta = connection.getMetaData();
			String table = meta.storesUpperCaseIdentifiers() ? "INBOX_DELIVERY" : "inbox_delivery";
			try (ResultSet rs = meta.getIndexInfo(null, null, table, false, false)) {
				while (rs.next()) {
					String name = rs.getString("INDEX_NAME");
					if (name != null) {
						names.add(name.toLowerCase());
					}
				}
			}
		}
		return names;
	}

}
