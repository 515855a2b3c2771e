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

	/** The exception of a failed statement, unchecked. */
	static IllegalStateException unchecked(String what, SQLException ex) {
		return new IllegalStateException("Inbox " + what + " failed: " + ex.getMessage(), ex);
	}

}
