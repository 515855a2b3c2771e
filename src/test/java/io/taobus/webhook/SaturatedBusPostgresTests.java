package io.taobus.webhook;

import java.time.Clock;
import java.util.List;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.PostgresInbox;

/** {@link SaturatedBusTests} on a real PostgreSQL. */
class SaturatedBusPostgresTests extends SaturatedBusTests {

	@Override
	Inbox store(InboxSettings settings, List<AutoCloseable> closing) {
		PostgresInbox store = new PostgresInbox(settings, Clock.systemUTC());
		closing.add(store);
		return store.inbox();
	}

}
