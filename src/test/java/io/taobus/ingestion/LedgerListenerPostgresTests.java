package io.taobus.ingestion;

import java.sql.SQLException;
import java.time.Clock;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.JdbcInbox;
import io.taobus.inbox.PostgresInbox;

/** {@link LedgerListenerContractTests} on a real PostgreSQL. */
class LedgerListenerPostgresTests extends LedgerListenerContractTests {

	final PostgresInbox store = new PostgresInbox(InboxSettings.defaults(), this.clock);

	@Override
	Inbox openInbox(InboxSettings settings, Clock clock, InboxListener listener) {
		return new JdbcInbox(this.store.dataSource(), settings, clock, listener);
	}

	@Override
	void closeStore() throws SQLException {
		this.store.close();
	}

}
