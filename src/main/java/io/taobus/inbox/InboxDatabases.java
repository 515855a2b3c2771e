package io.taobus.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * The embedded default database of the inbox: an H2 file under {@code taobus.inbox.directory}, in
 * PostgreSQL mode. H2 writes a commit to its file within {@code WRITE_DELAY} and fsyncs nothing of its
 * own accord (a {@code kill -9} with its default delay of 500 ms lost 650 of 1,000 committed rows in a
 * probe on this machine kind): what must survive is forced to disk by the inbox itself with
 * {@code CHECKPOINT SYNC} ({@link SqlDialect#syncAfterCommit()}) before anyone is told, namely each
 * admission window before its 202s, each claim before its run, each replay before its answer. Other
 * commits (outcomes, releases, renewals, retention) reach the file within {@code WRITE_DELAY=100}; a
 * crash loses at most that much of them, which reruns deliveries (at least once) and nothing else. The
 * delay is not 0 because H2 runs its housekeeping only in the background writer that a delay starts:
 * with {@code WRITE_DELAY=0} the file never compacted and grew by about 8 KB per 1 KB delivery through
 * retention, without bound ({@code bench/h2-growth.sh}). {@code DB_CLOSE_ON_EXIT=FALSE} keeps H2's own JVM shutdown
 * hook from closing the database while Spring still drains (the outcomes of draining cascades would
 * fail and their rows run twice after a restart): the database closes when the pool closes its last
 * connection, after the inbox has written what it holds.
 *
 * <p>The file is opened through H2's {@code retry:} file system: an interrupt of a thread inside H2 (a
 * handler's timeout, should a handler share the database, or any other) closes a plain
 * {@code FileChannel} with {@code ClosedByInterruptException}, and H2 then closes the whole database for
 * every connection; {@code retry:} reopens the channel and repeats the read or write instead. Commits cost
 * the same as on {@code file:} (H2's {@code async:}, which no interrupt reaches, cost 1.6 to 1.8 times as
 * much per commit on this machine kind). Such an interrupt's flag is cleared by H2.
 */
public final class InboxDatabases {

	/** H2's "database is closed" errors, which HikariCP would otherwise keep handing out. */
	private static final Set<Integer> H2_CLOSED = Set.of(90098, 90121, 90007);

	private InboxDatabases() {
	}

	/**
	 * Whether the inbox can keep its deliveries in a database: H2 on a file or PostgreSQL, not a database
	 * that lives in memory only (an in-memory H2, such as Boot's default when an application sets no URL),
	 * which a restart would empty. One connection, once at startup.
	 * @throws IllegalStateException for a database the inbox does not support, naming it
	 */
	public static boolean durable(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metadata = connection.getMetaData();
			SqlDialect.of(metadata.getDatabaseProductName());
			String url = String.valueOf(metadata.getURL());
			return !url.startsWith("jdbc:h2:mem:");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The inbox cannot reach the application's database: " + ex.getMessage(), ex);
		}
	}

	/** The JDBC URL of the embedded database in a directory. */
	public static String h2Url(Path directory) {
		return "jdbc:h2:file:retry:" + directory.toAbsolutePath().resolve("taobus") + ";MODE=PostgreSQL;WRITE_DELAY=100;DB_CLOSE_ON_EXIT=FALSE";
	}

	/**
	 * A connection pool on the embedded database in a directory (created if missing). A connection that
	 * failed because the database closed is evicted rather than reused, and a caller waits at most
	 * {@code connectionTimeout} for a connection, so that an unavailable store answers 503 quickly.
	 */
	public static HikariDataSource h2(Path directory, Duration connectionTimeout) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the inbox directory " + directory.toAbsolutePath(), ex);
		}
		HikariConfig config = new HikariConfig();
		config.setPoolName("taobus-inbox");
		config.setJdbcUrl(h2Url(directory));
		config.setUsername("sa");
		config.setPassword("");
		config.setMaximumPoolSize(12);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(connectionTimeout.toMillis());
		config.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 1000));
		config.setExceptionOverride(new EvictClosed());
		return new EmbeddedPool(config);
	}

	/**
	 * The pool of the embedded database, whose {@link #close()} waits at most {@value #CLOSE_MILLIS} ms:
	 * closing H2's last connection closes the database, which waits for whatever holds it (a statement
	 * that does not end), and a shutdown must end within its grace period. A close that stops waiting
	 * leaves the file as a crash would, which loses nothing that was promised: every admission, claim and
	 * replay was forced to disk before anyone was told.
	 */
	private static final class EmbeddedPool extends HikariDataSource {

		private static final long CLOSE_MILLIS = 5_000;

		EmbeddedPool(HikariConfig config) {
			super(config);
		}

		@Override
		public void close() {
			Thread closing = Thread.ofVirtual().name("taobus-inbox-pool-close").start(super::close);
			Jdbc.awaitQuietly(closing, CLOSE_MILLIS, "Closing the embedded database", "the file stays as after a crash");
		}

	}

	/** Evicts connections of a closed H2 database; other errors are judged as HikariCP does. */
	private static final class EvictClosed implements SQLExceptionOverride {

		@java.lang.Override
		public SQLExceptionOverride.Override adjudicate(SQLException ex) {
			return H2_CLOSED.contains(ex.getErrorCode()) ? SQLExceptionOverride.Override.MUST_EVICT
					: SQLExceptionOverride.Override.CONTINUE_EVICT;
		}

	}

}
