package io.taobus.inbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recovery loop's retention: a round cut short by its budget is followed by another at once rather
 * than one purge interval later, until a round leaves nothing expired behind.
 */
class InboxRecoveryRetentionTests {

	@Test
	void aRoundCutShortIsFollowedAtOnceUntilNothingIsLeft() {
		AtomicInteger rounds = new AtomicInteger();
		try (MemoryInbox memory = new MemoryInbox(InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE)) {
			Inbox inbox = (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
					(proxy, method, args) -> {
						if (method.getName().equals("purge")) {
							return new Purged(0, Maintenance.BATCH, rounds.incrementAndGet() < 5);
						}
						try {
							return method.invoke(memory, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
			// rounds every 5 s, the first 5 s after start: four rounds more by 9 s are the ones that followed
			// at once (one interval later, only one round would have run by then)
			try (InboxRecovery recovery = InboxRecovery.start(inbox, (claimed) -> {
			}, Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(5))) {
				await().atMost(Duration.ofSeconds(9)).until(() -> rounds.get() >= 5);
				await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 5);
			}
		}
		assertThat(rounds.get()).as("the fifth round left nothing, so none followed at once").isEqualTo(5);
	}

}
