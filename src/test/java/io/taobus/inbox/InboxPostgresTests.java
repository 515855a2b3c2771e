package io.taobus.inbox;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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

	private static final String ADMIN_URL = env("TAOBUS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");

	private static final String USER = env("TAOBUS_TEST_POSTGRES_USER", "taobus");

	private static final String PASSWORD = env("TAOBUS_TEST_POSTGRES_PASSWORD", "taobus");

	private static String database;

	private static TcpProxy proxy;

	private final List<HikariDataSource> pools = new ArrayList<>();

	@BeforeAll
	static void createDatabase() throws Exception {
		try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
				Statement statement = admin.createStatement()) {
			database = "taobus_inbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			statement.execute("CREATE DATABASE " + database);
		}
		catch (SQLException ex) {
			String message = "PostgreSQL at " + ADMIN_URL + " cannot be reached (" + ex.getMessage()
					+ "); run .ci/postgres-up or set TAOBUS_TEST_POSTGRES_URL";
			if (Boolean.parseBoolean(System.getenv("TAOBUS_REQUIRE_POSTGRES"))) {
				fail(message, ex);
			}
			Assumptions.abort(message);
		}
		URI server = URI.create(ADMIN_URL.substring("jdbc:".length()));
		proxy = new TcpProxy(server.getHost(), (server.getPort() > 0) ? server.getPort() : 5432);
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
			try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
					Statement statement = admin.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
			}
		}
	}

	@BeforeEach
	void emptyTable() throws SQLException, IOException {
		proxy.up();
		try (Connection connection = DriverManager.getConnection(url(), USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("TRUNCATE inbox_delivery RESTART IDENTITY");
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
		try (Connection connection = DriverManager.getConnection(url(), USER, PASSWORD);
				Statement executing = connection.createStatement()) {
			executing.execute(statement);
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
		config.setUsername(USER);
		config.setPassword(PASSWORD);
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(1000);
		config.setValidationTimeout(500);
		return new HikariDataSource(config);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
