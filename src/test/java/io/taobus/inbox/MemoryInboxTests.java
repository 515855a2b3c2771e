package io.taobus.inbox;

import java.time.Clock;

/** The contract on the lossy in-memory inbox, without the cases only a database can show. */
class MemoryInboxTests extends InboxContractTests {

	@Override
	Inbox newNode(InboxSettings settings, Clock clock, InboxListener listener) {
		return new MemoryInbox(settings, clock, listener);
	}

	@Override
	void databaseDown() {
		throw new UnsupportedOperationException();
	}

	@Override
	void databaseUp() {
		throw new UnsupportedOperationException();
	}

	@Override
	boolean database() {
		return false;
	}

}
