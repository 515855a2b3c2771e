package io.taobus.ingestion;

import java.sql.SQLException;
import java.time.Clock;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.JdbcInbox;
import io.taobus.inbox.PostgresInbox;

/** {@link RerunSkipContractTests} on a real PostgreSQL: every node a new inbox on one fresh database. */
class RerunSkipPostgresTests extends RerunSkipContractTests {

	final PostgresInbox store = new PostgresInbox(InboxSettings.defaults(), this.clock);

	@Override
	Inbox openInbox(InboxSettings settings, Clock clock) {
		return new JdbcInbox(this.store.dataSource(), settings, clock, this.listener);
	}

	@Override
	void closeStore() throws SQLException {
		this.store.close();
	}

}
