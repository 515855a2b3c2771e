package io.taobus.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.taobus.inbox.InboxMigrations;
import org.flywaydb.core.Flyway;

/**
 * Fills a store of bench/load.sh to the steady state of its retention before the servers start, as
 * the issue asks of a store benchmark (never an empty table): taobus's {@code inbox_delivery} or the
 * hand-written receiver's {@code webhook_delivery} gets {@code rows} delivered rows, each with a 1 KB
 * body, received over the last six days (within taobus's 7-day retention, so that retention does not
 * start deleting during the measured runs). taobus's table is made by its own Flyway migrations up to
 * V1 only, and filled with V1's columns as taobus's completion leaves them: later migrations then run
 * at taobus's startup on the filled table, as they would on an upgraded database, and this fill never
 * needs to follow a schema change. One {@code INSERT … SELECT} over a generated series per 50,000 rows.
 * The ledger of handler calls is part of the steady state too: once the rows are in, taobus's table is
 * migrated to the latest version and every prefilled delivery gets the two completed calls of
 * load.sh's handlers (an inline and an async one), as the ledger records them.
 * Arguments: {@code taobus|receiver}, a JDBC URL or {@code h2:<directory>}, user, password, rows.
 */
public final class StorePrefill {

	private static final int CHUNK = 50_000;

	private static final long SPREAD_MILLIS = Duration.ofDays(6).toMillis();

	private StorePrefill() {
	}

	public static void main(String[] args) throws SQLException {
		boolean taobus = "taobus".equals(args[0]);
		long rows = Long.parseLong(args[4]);
		long started = System.nanoTime();
		try (HikariDataSource pool = HandWrittenReceiverApp.pool(args[1], args[2], args[3]);
				Connection connection = pool.getConnection()) {
			boolean h2 = pool.getJdbcUrl().startsWith("jdbc:h2:");
			String table = taobus ? "inbox_delivery" : "webhook_delivery";
			if (taobus) {
				Flyway.configure()
					.dataSource(pool)
					.locations("classpath:io/taobus/inbox/db/" + (h2 ? "h2" : "postgresql"))
					.target("1")
					.load()
					.migrate();
			}
			else {
				try (Statement create = connection.createStatement()) {
					create.execute(HandWrittenReceiverApp.TABLE);
				}
			}
			long present = count(connection, table);
			// n runs from 1 (six days ago) to rows (now)
			String series = h2 ? "SYSTEM_RANGE(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS r(n)"
					: "generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS r(n)";
			String received = h2 ? "DATEADD(MILLISECOND, -CAST(? AS BIGINT) * (CAST(? AS BIGINT) - n), CURRENT_TIMESTAMP)"
					: "CURRENT_TIMESTAMP - CAST(? AS BIGINT) * (CAST(? AS BIGINT) - n) * INTERVAL '1 millisecond'";
			String sql = taobus ? "INSERT INTO inbox_delivery (source, delivery_id, status, attempts, term, action, "
					+ "orient, content_type, headers, body, received_at, completed_at, handler_calls) "
					+ "SELECT 'github', 'prefill-' || n, 'completed', 1, 'push', 'received', 'github', 'application/json', "
					+ "'x-github-delivery: prefill-' || n || CAST(? AS VARCHAR), CAST(? AS BYTEA), r, r, 2 FROM (SELECT n, "
					+ received + " AS r FROM " + series + ") AS t"
					: "INSERT INTO webhook_delivery (source, delivery_id, event, body, received_at) "
							+ "SELECT 'github', 'prefill-' || n, 'push', CAST(? AS BYTEA), r FROM (SELECT n, " + received
							+ " AS r FROM " + series + ") AS t";
			long step = Math.max(1, SPREAD_MILLIS / Math.max(1, rows));
			try (PreparedStatement fill = connection.prepareStatement(sql)) {
				for (long from = present + 1; from <= rows; from += CHUNK) {
					int i = 1;
					if (taobus) {
						fill.setString(i++, "\nx-github-event: push\n");
					}
					fill.setBytes(i++, body());
					fill.setLong(i++, step);
					fill.setLong(i++, rows);
					fill.setLong(i++, from);
					fill.setLong(i, Math.min(rows, from + CHUNK - 1));
					fill.executeUpdate();
				}
			}
			if (taobus) {
				InboxMigrations.migrate(pool, "flyway_schema_history");
				fillLedger(connection);
			}
			if (!h2) {
				try (Statement vacuum = connection.createStatement()) {
					// what autovacuum would have done by now, and the fill's WAL out of the measured runs
					if (taobus) {
						vacuum.execute("VACUUM (ANALYZE) inbox_handler_call");
					}
					vacuum.execute("VACUUM (ANALYZE) " + table);
					vacuum.execute("CHECKPOINT");
				}
			}
			System.out.printf("%s: %,d rows (%,d were there) in %.1f s%n", table + " on " + pool.getJdbcUrl(),
					count(connection, table), present, (System.nanoTime() - started) / 1e9);
		}
	}

	/**
	 * Two completed calls, an inline and an async one, for each prefilled delivery without calls yet,
	 * one {@code INSERT … SELECT} per {@value #CHUNK} deliveries.
	 */
	private static void fillLedger(Connection connection) throws SQLException {
		long last;
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM inbox_delivery")) {
			result.next();
			last = result.getLong(1);
		}
		String sql = "INSERT INTO inbox_handler_call (delivery_row, call_id, hop, trigram, handler, kind, attempt, status, "
				+ "outcome, started_at, duration_micros) SELECT d.id, k.prefix || LPAD(CAST(d.id AS VARCHAR), 31, '0'), '0', "
				+ "'push|received|github', k.handler, k.kind, 1, 'completed', 'success', d.received_at, 40 "
				+ "FROM inbox_delivery d CROSS JOIN (SELECT 'i' AS prefix, 'BenchHandlers#inline' AS handler, "
				+ "'inline' AS kind UNION ALL SELECT 'a', 'BenchHandlers#async', 'async') k "
				+ "WHERE d.id BETWEEN ? AND ? AND d.delivery_id LIKE 'prefill-%' "
				+ "AND NOT EXISTS (SELECT 1 FROM inbox_handler_call c WHERE c.delivery_row = d.id)";
		try (PreparedStatement fill = connection.prepareStatement(sql)) {
			for (long from = 1; from <= last; from += CHUNK) {
				fill.setLong(1, from);
				fill.setLong(2, from + CHUNK - 1);
				fill.executeUpdate();
			}
		}
		System.out.printf("inbox_handler_call: %,d rows%n", count(connection, "inbox_handler_call"));
	}

	private static long count(Connection connection, String table) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
			result.next();
			return result.getLong(1);
		}
	}

	/** A 1 KB JSON push, the size of the deliveries load.sh sends. */
	private static byte[] body() {
		String head = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/app\"},\"pusher\":{\"name\":\"octocat\"},\"pad\":\"";
		return (head + "x".repeat(1024 - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
	}

}
