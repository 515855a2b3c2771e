package io.taobus.inbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Retention on a real PostgreSQL ({@link TestPostgres}): a fresh database per test, dropped after. */
class RetentionPostgresTests extends RetentionContractTests {

	private String database;

	private HikariDataSource pool;

	@BeforeEach
	void migrate() {
		this.database = TestPostgres.createDatabase("taobus_retention_");
		this.pool = new HikariDataSource(TestPostgres.pool(this.database, "", 4));
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
	}

	@AfterEach
	void drop() throws SQLException {
		if (this.pool != null) {
			this.pool.close();
		}
		if (this.database != null) {
			TestPostgres.dropDatabase(this.database);
		}
	}

	@Override
	DataSource dataSource() {
		return this.pool;
	}

	@Override
	int blockedSessions(Connection connection) throws SQLException {
		try (Statement select = connection.createStatement(); ResultSet rs = select.executeQuery(
				"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	@Override
	String series(int n) {
		return "generate_series(1, " + n + ") AS s(x)";
	}

}
