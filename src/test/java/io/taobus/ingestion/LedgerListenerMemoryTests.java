package io.taobus.ingestion;

import java.time.Clock;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;

/** {@link LedgerListenerContractTests} on the memory inbox. */
class LedgerListenerMemoryTests extends LedgerListenerContractTests {

	@Override
	Inbox openInbox(InboxSettings settings, Clock clock, InboxListener listener) {
		return new MemoryInbox(settings, clock, listener);
	}

}
