package io.taobus.inbox;

import java.sql.Connection;
import java.sql.SQLException;

/** Small JDBC helpers shared by the inbox's statements. */
final class Jdbc {

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

	/** The exception of a failed statement, unchecked. */
	static IllegalStateException unchecked(String what, SQLException ex) {
		return new IllegalStateException("Inbox " + what + " failed: " + ex.getMessage(), ex);
	}

}
