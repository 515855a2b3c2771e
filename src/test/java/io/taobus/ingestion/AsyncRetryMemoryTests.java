package io.taobus.ingestion;

import java.time.Clock;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;

/** {@link AsyncRetryContractTests} on the memory inbox, without the cases only a shared store can show. */
class AsyncRetryMemoryTests extends AsyncRetryContractTests {

	@Override
	Inbox openInbox(InboxSettings settings, Clock clock) {
		return new MemoryInbox(settings, clock, InboxListener.NONE);
	}

	@Override
	boolean durable() {
		return false;
	}

}
