package io.taobus.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
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
			if (!h2) {
				try (Statement vacuum = connection.createStatement()) {
					// what autovacuum would have done by now, and the fill's WAL out of the measured runs
					vacuum.execute("VACUUM (ANALYZE) " + table);
					vacuum.execute("CHECKPOINT");
				}
			}
			System.out.printf("%s: %,d rows (%,d were there) in %.1f s%n", table + " on " + pool.getJdbcUrl(),
					count(connection, table), present, (System.nanoTime() - started) / 1e9);
		}
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
