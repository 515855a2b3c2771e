package io.taobus.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

/**
 * The database the inbox keeps its deliveries in, and whether it is the inbox's own: a private pool is
 * closed with this bean, after the inbox that uses it; the application's is left to the application.
 */
record InboxStore(@Nullable DataSource database, boolean owned) implements AutoCloseable {

	/** No database: the inbox keeps its deliveries in memory. */
	static final InboxStore NONE = new InboxStore(null, false);

	DataSource dataSource() {
		if (this.database == null) {
			throw new IllegalStateException("the inbox has no database (taobus.inbox.type=memory)");
		}
		return this.database;
	}

	@Override
	public void close() {
		if (this.owned && this.database instanceof HikariDataSource pool) {
			pool.close();
		}
	}

}
