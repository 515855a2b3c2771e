package io.taobus.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryDispatcher;
import io.taobus.ingestion.Ingestion;
import io.taobus.tao.Kernel;
import tools.jackson.databind.json.JsonMapper;

/** The ingestion pipeline of unit tests: real sources, parser, kernel and replay guard on a memory inbox. */
final class TestIngestion {

	private TestIngestion() {
	}

	static WebhookIngestion of(Map<String, WebhookSource> sources, Kernel kernel, Clock clock) {
		return of(sources, kernel, clock, new ReplayGuard(Duration.ofHours(1), 10_000));
	}

	static WebhookIngestion of(Map<String, WebhookSource> sources, Kernel kernel, Clock clock, ReplayGuard replays) {
		Inbox inbox = new MemoryInbox(InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		Sources compiled = new Sources(sources, new BodyParser(JsonMapper.builder().build()));
		return new WebhookIngestion(compiled, new Ingestion(inbox, new DeliveryDispatcher(inbox, kernel, List.of(compiled))),
				replays, clock);
	}

}
