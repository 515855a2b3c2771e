package io.taobus.inbox;

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
 */
public final class InboxMigrations {

	/** The history table of a library user's database, apart from the host's {@code flyway_schema_history}. */
	public static final String HISTORY_TABLE = "taobus_schema_history";

	private InboxMigrations() {
	}

	/**
	 * Applies the inbox's pending migrations to the database behind a data source.
	 * @param historyTable the table that records them ({@link #HISTORY_TABLE}, or
	 * {@code flyway_schema_history} where the service recorded them before it ran its own Flyway)
	 * @return how many migrations ran
	 */
	public static int migrate(DataSource dataSource, String historyTable) {
		MigrateResult result = Flyway.configure(InboxMigrations.class.getClassLoader())
			.dataSource(dataSource)
			.locations(SqlDialect.of(dataSource).migrations())
			.table(historyTable)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		return result.migrationsExecuted;
	}

}
