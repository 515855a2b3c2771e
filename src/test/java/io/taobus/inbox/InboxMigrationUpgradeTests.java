package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.taobus.tao.AppCon;
import io.taobus.tao.CallId;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.Outcome;
import io.taobus.tao.Trigram;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database the inbox migrated to V2 and filled with deliveries in every status (recorded responses
 * included) upgrades to V3 (the ledger of handler calls) and on through {@link InboxMigrations#migrate}, as a
 * service's restart on the new
 * version does: every row and column is as it was, and the upgraded store takes the old rows' outcomes
 * with their calls, on the embedded H2 file and on PostgreSQL.
 */
class InboxMigrationUpgradeTests {

	static final int PER_STATUS = 25;

	@TempDir
	Path directory;

	@Test
	void anH2FileFilledAtV2UpgradesWithNothingLost() throws Exception {
		onH2File(this.directory, this::upgrade);
	}

	@Test
	void aPostgresDatabaseFilledAtV2UpgradesWithNothingLost() throws Exception {
		onFreshPostgres("taobus_upgrade_", this::upgrade);
	}

	/** The embedded store's H2 file in a fresh directory, for an upgrade. */
	static void onH2File(Path directory, Upgrade upgrade) throws Exception {
		try (HikariDataSource pool = InboxDatabases.h2(directory, Duration.ofSeconds(1))) {
			upgrade.run(pool);
		}
	}

	/** A fresh PostgreSQL database for an upgrade, dropped after it. */
	static void onFreshPostgres(String prefix, Upgrade upgrade) throws Exception {
		String database = TestPostgres.createDatabase(prefix);
		try (HikariDataSource pool = new HikariDataSource(TestPostgres.pool(database, "", 4))) {
			upgrade.run(pool);
		}
		finally {
			TestPostgres.dropDatabase(database);
		}
	}

	/** An upgrade of a store, from a filled earlier version to the latest. */
	@FunctionalInterface
	interface Upgrade {

		void run(HikariDataSource pool) throws Exception;

	}

	/** Migrates a store to a released version, as a node of that version did. */
	static void migrateTo(HikariDataSource pool, String version) {
		Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).table(InboxMigrations.HISTORY_TABLE)
			.baselineOnMigrate(true).baselineVersion("0").target(version).load().migrate();
	}

	private void upgrade(HikariDataSource pool) throws Exception {
		migrateTo(pool, "2");
		assertThat(tableExists(pool, "inbox_handler_call")).isFalse();
		fill(pool);
		try (Connection connection = pool.getConnection(); Statement respond = connection.createStatement()) {
			// V2's column: the recorded responses of request/response deliveries
			respond.executeUpdate("UPDATE inbox_delivery SET response = body WHERE status = 'completed'");
		}
		List<List<Object>> before = rows(pool);
		assertThat(before).hasSize(4 * PER_STATUS);

		assertThat(InboxMigrations.migrate(pool, InboxMigrations.HISTORY_TABLE)).as("V3, V4 and V5").isEqualTo(3);

		assertThat(rows(pool, before)).isEqualTo(before);
		assertThat(tableExists(pool, "inbox_handler_call")).isTrue();
		assertThat(InboxMigrations.migrate(pool, InboxMigrations.HISTORY_TABLE)).isZero();
		JdbcInbox inbox = new JdbcInbox(pool, InboxSettings.defaults(), java.time.Clock.systemUTC(), InboxListener.NONE);
		try {
			for (String status : List.of("pending", "completed", "failed", "dead")) {
				DeliveryRecord record = inbox.find("github", status + "-0", true).orElseThrow();
				assertThat(record.status().value()).isEqualTo(status);
				assertThat(record.headers()).containsEntry("x-github-event", "push");
			}
			// an old pending row settles on the new schema, its calls on the ledger
			DeliveryRecord pending = inbox.find("github", "pending-1", false).orElseThrow();
			DeliveryRef ref = new DeliveryRef(pending.id(), "github", "pending-1", pending.attempts());
			CallLog log = inbox.callLog(ref);
			Trigram push = Trigram.of("push", "received", "github");
			log.called(new HandlerCall(new CallId("a".repeat(32)), "0", AppCon.of(push, null),
					new HandlerInfo(push, HandlerKind.INLINE, "build"), Outcome.SUCCESS, 1_000_000, null, io.taobus.tao.AsyncRetries.NONE));
			inbox.finished(ref, new Completion.Completed(1, 0), log.records());
			await().atMost(Duration.ofSeconds(20)).until(() -> inbox.calls("github", "pending-1").size() == 1);
			assertThat(inbox.find("github", "pending-1", false).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED);
			assertThat(inbox.replay("github", "failed-0")).isEqualTo(ReplayOutcome.REPLAYED);
		}
		finally {
			inbox.close();
		}
	}

	/** Rows in every status, every column of V1 set (nullable ones both ways). */
	static void fill(DataSource pool) throws SQLException {
		String sql = "INSERT INTO inbox_delivery (source, delivery_id, status, attempts, attempt_base, replay, owner_node, "
				+ "lease_until, term, action, orient, content_type, headers, body, received_at, completed_at, handler_calls, "
				+ "async_errors, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
		try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(sql)) {
			for (String status : List.of("pending", "completed", "failed", "dead")) {
				boolean pending = status.equals("pending");
				for (int i = 0; i < PER_STATUS; i++) {
					String id = status + "-" + i;
					insert.setString(1, "github");
					insert.setString(2, id);
					insert.setString(3, status);
					insert.setInt(4, 1 + i % 3);
					insert.setInt(5, i % 2);
					insert.setBoolean(6, i % 5 == 0);
					insert.setString(7, pending ? "node-a" : null);
					insert.setObject(8, pending ? now.plusSeconds(30) : null);
					insert.setString(9, "push");
					insert.setString(10, "received");
					insert.setString(11, "github");
					insert.setString(12, (i % 2 == 0) ? "application/json" : null);
					insert.setString(13, HeaderCodec.encode(java.util.Map.of("x-github-event", "push", "x-github-delivery", id)));
					insert.setBytes(14, (status.equals("completed") && i % 2 == 1) ? null
							: ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
					insert.setObject(15, now.minusMinutes(i));
					insert.setObject(16, pending ? null : now.minusSeconds(i));
					insert.setInt(17, i % 4);
					insert.setInt(18, i % 2);
					insert.setString(19, (status.equals("failed") || status.equals("dead")) ? "java.lang.IllegalStateException: " + id : null);
					insert.addBatch();
				}
			}
			insert.executeBatch();
		}
	}

	/** Every column of every row, in id order, comparable. */
	static List<List<Object>> rows(DataSource pool) throws SQLException {
		return rows(pool, "inbox_delivery");
	}

	/** Every column of every row of a table, in id order, comparable. */
	static List<List<Object>> rows(DataSource pool, String table) throws SQLException {
		List<List<Object>> rows = new ArrayList<>();
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
			ResultSetMetaData meta = rs.getMetaData();
			while (rs.next()) {
				List<Object> row = new ArrayList<>();
				for (int column = 1; column <= meta.getColumnCount(); column++) {
					Object value = rs.getObject(column);
					if (value instanceof byte[] bytes) {
						value = HexFormat.of().formatHex(bytes);
					}
					else if (value instanceof java.sql.Clob clob) {
						value = clob.getSubString(1, (int) clob.length());
					}
					else if (value != null && meta.getColumnTypeName(column).toLowerCase().contains("time")) {
						value = rs.getObject(column, OffsetDateTime.class).toInstant();
					}
					row.add(meta.getColumnLabel(column).toLowerCase() + "=" + value);
				}
				rows.add(row);
			}
		}
		return rows;
	}

	/**
	 * The rows as {@link #rows(DataSource)} reads them, with only the columns {@code before} had: what a later
	 * version added is left out.
	 */
	static List<List<Object>> rows(DataSource pool, List<List<Object>> before) throws SQLException {
		return rows(pool, "inbox_delivery", before);
	}

	static List<List<Object>> rows(DataSource pool, String table, List<List<Object>> before) throws SQLException {
		java.util.Set<String> columns = before.isEmpty() ? java.util.Set.of() : before.getFirst().stream()
			.map((entry) -> String.valueOf(entry).substring(0, String.valueOf(entry).indexOf('=')))
			.collect(java.util.stream.Collectors.toSet());
		return rows(pool, table).stream()
			.map((row) -> row.stream()
				.filter((entry) -> columns.contains(String.valueOf(entry).substring(0, String.valueOf(entry).indexOf('='))))
				.toList())
			.toList();
	}

	static boolean tableExists(DataSource pool, String table) throws SQLException {
		try (Connection connection = pool.getConnection();
				ResultSet tables = connection.getMetaData().getTables(null, null, null, new String[] { "TABLE" })) {
			while (tables.next()) {
				if (tables.getString("TABLE_NAME").equalsIgnoreCase(table)) {
					return true;
				}
			}
			return false;
		}
	}

}
