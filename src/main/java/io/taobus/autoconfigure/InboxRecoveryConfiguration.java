package io.taobus.autoconfigure;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.Redispatcher;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Wires the inbox to the bus: its recovery, with the ingestion's {@link Redispatcher} (its
 * dispatcher, which has the endpoint of a stored delivery's source rebuild its AppCon as it was first
 * ingested).
 */
@AutoConfiguration(after = InboxConfiguration.class, afterName = "io.taobus.ingestion.IngestionConfiguration")
class InboxRecoveryConfiguration {

	@Bean
	InboxRecoveryLifecycle inboxRecoveryLifecycle(Inbox inbox, Redispatcher redispatcher, InboxProperties properties) {
		return new InboxRecoveryLifecycle(inbox, redispatcher, properties);
	}

}
