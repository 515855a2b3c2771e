package io.taobus.ingestion;

import java.time.Clock;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;

/**
 * {@link RerunSkipContractTests} on the memory inbox, without the cases only a shared store can show, nor
 * those that replay a completed delivery (the memory inbox keeps no completed body).
 */
class RerunSkipMemoryTests extends RerunSkipContractTests {

	@Override
	Inbox openInbox(InboxSettings settings, Clock clock) {
		return new MemoryInbox(settings, clock, this.listener);
	}

	@Override
	boolean keepsCompletedBodies() {
		return false;
	}

	@Override
	boolean durable() {
		return false;
	}

}
