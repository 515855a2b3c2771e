package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the inbox's tables to the version this code needs, with a Flyway instance of the inbox's own:
 * its scripts under {@code io/taobus/inbox/db/{vendor}} and its own history table, so that the host
 * application's migrations (their {@code V1}, their history table, their {@code spring.flyway.*}) and the
 * inbox's keep two version sequences side by side on one database. A schema that already holds the
 * host's tables is baselined at version 0, below the inbox's first migration, so that every inbox
 * migration still runs there.
 * <p>
 * Replicas that start together on one PostgreSQL database migrate it one at a time, under a
 * session-level advisory lock ({@link #LOCK_KEY}) held on a connection of its own for the whole
 * migration. Flyway's own lock covers the migrations but not the creation of its history table: a replica
 * that looks for the table just as another creates it finds the schema no longer empty, tries to baseline,
 * finds the table there and still empty, and refuses to start. H2 in file mode has one process per
 * file, which the file's lock already ensures.
 */
public final class InboxMigrations {

	/** The history table of a library user's database, apart from the host's {@code flyway_schema_history}. */
	public static final String HISTORY_TABLE = "taobus_schema_history";

	/** The key of the PostgreSQL advisory lock under which the inbox migrates: "taobus" and 1, in hex. */
	static final long LOCK_KEY = 0x7461_6f62_7573_0001L;

	private InboxMigrations() {
	}

	/**
	 * Applies the inbox's pending migrations to the database behind a data source, waiting for any other
	 * process that migrates the same PostgreSQL database to finish first.
	 * @param historyTable the table that records them ({@link #HISTORY_TABLE}, or
	 * {@code flyway_schema_history} where the service recorded them before it ran its own Flyway)
	 * @return how many migrations ran
	 */
	public static int migrate(DataSource dataSource, String historyTable) {
		SqlDialect dialect = SqlDialect.of(dataSource);
		if (dialect != SqlDialect.POSTGRESQL) {
			return flyway(dataSource, dialect, historyTable);
		}
		try (Connection lock = dataSource.getConnection()) {
			run(lock, "SELECT pg_advisory_lock(?)");
			try {
				return flyway(dataSource, dialect, historyTable);
			}
			finally {
				run(lock, "SELECT pg_advisory_unlock(?)");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot lock the inbox's database to migrate it: " + ex.getMessage(), ex);
		}
	}

	private static int flyway(DataSource dataSource, SqlDialect dialect, String historyTable) {
		MigrateResult result = Flyway.configure(InboxMigrations.class.getClassLoader())
			.dataSource(dataSource)
			.locations(dialect.migrations())
			.table(historyTable)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		return result.migrationsExecuted;
	}

	private static void run(Connection connection, String lockFunction) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(lockFunction)) {
			statement.setLong(1, LOCK_KEY);
			statement.execute();
		}
	}

}
