package io.taobus.inbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Retention on the embedded default: the production H2 file URL in a fresh directory per test. */
class RetentionH2Tests extends RetentionContractTests {

	@TempDir
	Path directory;

	private HikariDataSource pool;

	@BeforeEach
	void migrate() {
		this.pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(5));
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
	}

	@AfterEach
	void close() {
		this.pool.close();
	}

	@Override
	DataSource dataSource() {
		return this.pool;
	}

	@Override
	int blockedSessions(Connection connection) throws SQLException {
		try (Statement select = connection.createStatement();
				ResultSet rs = select.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	@Override
	String series(int n) {
		return "SYSTEM_RANGE(1, " + n + ")";
	}

}
