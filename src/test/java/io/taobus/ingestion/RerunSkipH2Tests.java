package io.taobus.ingestion;

import java.time.Clock;

import io.taobus.inbox.H2Inbox;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.JdbcInbox;

/** {@link RerunSkipContractTests} on the embedded H2 file database: every node a new inbox on one file. */
class RerunSkipH2Tests extends RerunSkipContractTests {

	final H2Inbox store = new H2Inbox(InboxSettings.defaults(), this.clock);

	@Override
	Inbox openInbox(InboxSettings settings, Clock clock) {
		return new JdbcInbox(this.store.dataSource(), settings, clock, this.listener);
	}

	@Override
	void closeStore() {
		this.store.close();
	}

}
