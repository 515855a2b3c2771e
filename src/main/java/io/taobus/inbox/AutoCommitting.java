package io.taobus.inbox;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A data source whose connections come out in auto-commit mode, for a pool whose default is not (an
 * application may set {@code spring.datasource.hikari.auto-commit=false} for its JPA): the inbox's
 * single statements (renewal, replay, retention) rely on committing as they run, and under such a pool
 * they were rolled back when the connection went back, silently. The inbox's transactions turn it off
 * themselves; the pool restores its own default when the connection returns.
 */
final class AutoCommitting implements DataSource {

	private final DataSource pool;

	private AutoCommitting(DataSource pool) {
		this.pool = pool;
	}

	/** The pool itself when its connections already auto-commit, else the pool behind this. */
	static DataSource of(DataSource pool) {
		try (Connection connection = pool.getConnection()) {
			return connection.getAutoCommit() ? pool : new AutoCommitting(pool);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot reach the inbox's database: " + ex.getMessage(), ex);
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		return autoCommit(this.pool.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return autoCommit(this.pool.getConnection(username, password));
	}

	private static Connection autoCommit(Connection connection) throws SQLException {
		try {
			connection.setAutoCommit(true);
			return connection;
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.pool.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.pool.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.pool.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.pool.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.pool.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		return type.isInstance(this) ? type.cast(this) : this.pool.unwrap(type);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return type.isInstance(this) || this.pool.isWrapperFor(type);
	}

}
