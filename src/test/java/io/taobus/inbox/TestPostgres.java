package io.taobus.inbox;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real PostgreSQL of the tests ({@code .ci/postgres-up}: {@code TAOBUS_TEST_POSTGRES_URL}, {@code _USER},
 * {@code _PASSWORD}): a fresh database per test class, and what is missing fails the test where
 * {@code TAOBUS_REQUIRE_POSTGRES=true} (CI) and skips it elsewhere.
 */
final class TestPostgres {

	static final String ADMIN_URL = env("TAOBUS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");

	static final String USER = env("TAOBUS_TEST_POSTGRES_USER", "taobus");

	static final String PASSWORD = env("TAOBUS_TEST_POSTGRES_PASSWORD", "taobus");

	private TestPostgres() {
	}

	/** Creates a database named after the prefix and a random suffix, and returns its name. */
	static String createDatabase(String prefix) {
		String database = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
				Statement statement = admin.createStatement()) {
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
		return database;
	}

	/**
	 * A pool configuration on a database of the tests' server.
	 * @param parameters appended to the URL ({@code ""} or {@code "?name=value"})
	 */
	static HikariConfig pool(String database, String parameters, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database + parameters);
		config.setUsername(USER);
		config.setPassword(PASSWORD);
		config.setMaximumPoolSize(size);
		return config;
	}

	/** A proxy in front of the server, which the tests take down and bring back. */
	static TcpProxy proxy() throws Exception {
		URI server = URI.create(ADMIN_URL.substring("jdbc:".length()));
		return new TcpProxy(server.getHost(), (server.getPort() > 0) ? server.getPort() : 5432);
	}

	static void dropDatabase(String database) throws SQLException {
		try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
				Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
