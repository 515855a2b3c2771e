package io.taobus.inbox;

import java.sql.SQLException;
import java.time.Clock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL store for the tests of other packages, as {@link H2Inbox} is the embedded one: a
 * fresh database on the tests' server ({@link TestPostgres}), migrated, dropped by {@link #close()}.
 */
public final class PostgresInbox implements AutoCloseable {

	private final String database;

	private final HikariDataSource pool;

	private final JdbcInbox inbox;

	public PostgresInbox(InboxSettings settings, Clock clock) {
		this.database = TestPostgres.createDatabase("taobus_store_");
		HikariConfig config = TestPostgres.pool(this.database, "", 8);
		config.setConnectionTimeout(2000);
		this.pool = new HikariDataSource(config);
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
		this.inbox = new JdbcInbox(this.pool, settings, clock, InboxListener.NONE);
	}

	public Inbox inbox() {
		return this.inbox;
	}

	/** The migrated database, for another inbox on it (a restarted node, a second one). */
	public javax.sql.DataSource dataSource() {
		return this.pool;
	}

	@Override
	public void close() throws SQLException {
		this.inbox.close();
		this.pool.close();
		TestPostgres.dropDatabase(this.database);
	}

}
