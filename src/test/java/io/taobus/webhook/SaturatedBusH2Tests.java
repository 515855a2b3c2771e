package io.taobus.webhook;

import java.time.Clock;
import java.util.List;

import io.taobus.inbox.H2Inbox;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;

/** {@link SaturatedBusTests} on the embedded H2 file store. */
class SaturatedBusH2Tests extends SaturatedBusTests {

	@Override
	Inbox store(InboxSettings settings, List<AutoCloseable> closing) {
		H2Inbox store = new H2Inbox(settings, Clock.systemUTC());
		closing.add(store);
		return store.inbox();
	}

}
