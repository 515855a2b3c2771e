package io.taobus.inbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract on a real PostgreSQL server: {@code TAOBUS_TEST_POSTGRES_URL} (an admin database,
 * default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user and password from
 * {@code TAOBUS_TEST_POSTGRES_USER}/{@code _PASSWORD}, default {@code taobus}), which {@code .ci/run}
 * starts through {@code .ci/postgres-up}. A fresh database per test class, dropped after; every node
 * reaches it through a {@link TcpProxy}, which the outage test takes down. When the server cannot be
 * reached these tests are skipped, and fail instead when {@code TAOBUS_REQUIRE_POSTGRES=true}.
 */
class InboxPostgresTests extends InboxContractTests {

	private static String database;

	private static TcpProxy proxy;

	private final List<HikariDataSource> pools = new ArrayList<>();

	@BeforeAll
	static void createDatabase() throws Exception {
		database = TestPostgres.createDatabase("taobus_inbox_");
		proxy = TestPostgres.proxy();
		try (HikariDataSource pool = pool(url())) {
			Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).load().migrate();
		}
	}

	@AfterAll
	static void dropDatabase() throws Exception {
		if (proxy != null) {
			proxy.close();
		}
		if (database != null) {
			TestPostgres.dropDatabase(database);
		}
	}

	@BeforeEach
	void emptyTable() throws SQLException, IOException {
		proxy.up();
		try (Connection connection = DriverManager.getConnection(url(), TestPostgres.USER, TestPostgres.PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("TRUNCATE inbox_delivery, inbox_handler_call RESTART IDENTITY");
		}
	}

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Override
	Inbox newNode(InboxSettings settings, Clock clock, InboxListener listener) {
		HikariDataSource pool = pool(url());
		this.pools.add(pool);
		return new JdbcInbox(pool, settings, clock, listener);
	}

	@Override
	void sql(String statement) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url(), TestPostgres.USER, TestPostgres.PASSWORD);
				Statement executing = connection.createStatement()) {
			executing.execute(statement);
		}
	}

	@Override
	long count(String query) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url(), TestPostgres.USER, TestPostgres.PASSWORD);
				Statement statement = connection.createStatement();
				java.sql.ResultSet rs = statement.executeQuery(query)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	@Override
	void databaseDown() throws IOException {
		proxy.down();
	}

	@Override
	void databaseUp() throws IOException {
		proxy.up();
	}

	private static String url() {
		return "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database;
	}

	private static HikariDataSource pool(String url) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(TestPostgres.USER);
		config.setPassword(TestPostgres.PASSWORD);
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(1000);
		config.setValidationTimeout(500);
		return new HikariDataSource(config);
	}


}
