package io.taobus.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small JDBC helpers shared by the inbox's statements. */
final class Jdbc {

	private static final Logger logger = LoggerFactory.getLogger(Jdbc.class);

	private Jdbc() {
	}

	/** Rolls back after a failure, keeping the rollback's own failure as suppressed. */
	static void rollbackQuietly(Connection connection, Exception cause) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			cause.addSuppressed(ex);
		}
	}

	/**
	 * Whether a failure is the data's fault rather than the database's: SQLState class 22 (data
	 * exception, such as a NUL in text on PostgreSQL) or 23 (integrity constraint), except a unique
	 * violation, which a race between two nodes can cause. Trying the same rows again fails again.
	 */
	static boolean dataError(SQLException ex) {
		String state = ex.getSQLState();
		return state != null && (state.startsWith("22") || state.startsWith("23")) && !state.equals("23505");
	}

	/**
	 * Forces what the connection committed to disk where a commit alone does not (H2's
	 * {@code CHECKPOINT SYNC}; nothing on PostgreSQL, whose commit is durable).
	 * @param syncSql {@link SqlDialect#syncAfterCommit()}
	 */
	static void sync(Connection connection, @Nullable String syncSql) throws SQLException {
		if (syncSql != null) {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute(syncSql);
			}
		}
	}

	/** The exception of a failed statement, unchecked. */
	static IllegalStateException unchecked(String what, SQLException ex) {
		return new IllegalStateException("Inbox " + what + " failed: " + ex.getMessage(), ex);
	}

	/**
	 * Waits up to a timeout for a thread that may be inside the JDBC driver, and never interrupts it: an
	 * interrupt closes H2's file channel, and with it the database, and cuts a PostgreSQL connection on a
	 * virtual thread. A thread still running then is logged and left to end on its own (its statements
	 * have query timeouts); the caller stops waiting.
	 */
	static void awaitQuietly(Thread thread, long timeoutMillis, String what, String left) {
		try {
			if (!thread.join(Duration.ofMillis(timeoutMillis))) {
				logger.warn("{} did not finish within {} ms; it is left to end on its own ({})", what, timeoutMillis, left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
