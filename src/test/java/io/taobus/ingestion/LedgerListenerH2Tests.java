package io.taobus.ingestion;

import java.time.Clock;

import io.taobus.inbox.H2Inbox;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.JdbcInbox;

/** {@link LedgerListenerContractTests} on the embedded H2 file database. */
class LedgerListenerH2Tests extends LedgerListenerContractTests {

	final H2Inbox store = new H2Inbox(InboxSettings.defaults(), this.clock);

	@Override
	Inbox openInbox(InboxSettings settings, Clock clock, InboxListener listener) {
		return new JdbcInbox(this.store.dataSource(), settings, clock, listener);
	}

	@Override
	void closeStore() {
		this.store.close();
	}

}
