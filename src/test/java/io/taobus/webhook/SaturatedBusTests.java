package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import io.taobus.E2eSupport;
import io.taobus.inbox.DeliveryQuery;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxRecovery;
import io.taobus.inbox.InboxSettings;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryDispatcher;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import io.taobus.webhook.provider.Delivery;
import io.taobus.webhook.provider.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactness under saturation, on a real store: senders retry what the bus refuses (429) while its
 * handlers are held by a latch for longer than two leases, so that deliveries are refused before they
 * are stored, stored and then refused (left to recovery), and claimed by recovery into a full bus. Once
 * the latch opens, every delivery has run exactly once (counted by the handler, not read from
 * {@code attempts}), none is dead, and none is left pending. Each store is a subclass.
 */
abstract class SaturatedBusTests {

	static final String SECRET = "saturation-secret";

	static final int DELIVERIES = 300;

	static final int SENDERS = 8;

	final Kernel kernel = Kernel.builder().maxPendingDispatches(4).build();

	// two attempts: a single spent budget would already make a delivery dead
	final InboxSettings settings = InboxSettings.defaults().withLeaseDuration(Duration.ofSeconds(1)).withMaxAttempts(2);

	final WebhookSource github = WebhookSource.of("github", new WebhookProperties.Source("github", SECRET, List.of(),
			Duration.ofMinutes(5), false, null, "hex", "", null, null, null, null), TestProviders.all());

	final Sources sources = new Sources(Map.of("github", this.github), new BodyParser(JsonMapper.builder().build()));

	final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

	final AtomicInteger refused = new AtomicInteger();

	final CountDownLatch open = new CountDownLatch(1);

	private final List<AutoCloseable> closing = new ArrayList<>();

	/** The store under test, closed after the test. */
	abstract Inbox store(InboxSettings settings, List<AutoCloseable> closing);

	@AfterEach
	void close() throws Exception {
		this.open.countDown();
		this.kernel.close();
		for (AutoCloseable closeable : this.closing.reversed()) {
			closeable.close();
		}
	}

	@Test
	void aSaturatedBusLosesNothingRunsNothingTwiceAndDeadLettersNothing() throws Exception {
		Inbox inbox = store(this.settings, this.closing);
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), (appCon) -> {
			String id = ((DeliveryMetadata) appCon.orientData()).deliveryId();
			this.runs.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			this.open.await();
			return null;
		});
		DeliveryDispatcher dispatcher = new DeliveryDispatcher(inbox, this.kernel, List.of(this.sources));
		WebhookIngestion ingestion = new WebhookIngestion(this.sources, new Ingestion(inbox, dispatcher),
				new ReplayGuard(Duration.ofHours(1), 10_000), Clock.systemUTC());
		InboxRecovery recovery = InboxRecovery.start(inbox, dispatcher, this.settings.renewInterval(),
				Duration.ofMillis(20), Duration.ofHours(1));
		this.closing.add(recovery::stopClaiming);
		AtomicInteger next = new AtomicInteger();
		List<Thread> senders = new ArrayList<>();
		for (int i = 0; i < SENDERS; i++) {
			senders.add(Thread.ofVirtual().start(() -> {
				for (int n = next.getAndIncrement(); n < DELIVERIES; n = next.getAndIncrement()) {
					send(ingestion, "s-" + n);
				}
			}));
		}
		// the bus stays full, its handlers held, for two leases and many refusals
		await().pollDelay(this.settings.leaseDuration().multipliedBy(2)).atMost(Duration.ofSeconds(60))
			.until(() -> this.refused.get() >= 200);
		this.open.countDown();
		for (Thread sender : senders) {
			sender.join(Duration.ofSeconds(60));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> inbox.backlog().pending() == 0);
		assertThat(this.runs).as("every delivery ran").hasSize(DELIVERIES);
		assertThat(this.runs.entrySet()).as("no delivery ran twice")
			.allSatisfy((run) -> assertThat(run.getValue().get()).as(run.getKey()).isEqualTo(1));
		assertThat(inbox.list(new DeliveryQuery(null, DeliveryStatus.DEAD, null, 500, null)).deliveries()).isEmpty();
		assertThat(inbox.counters().dead()).isZero();
	}

	/** Sends one delivery as a sender does: again after every 429 or 503, until it is acknowledged. */
	private void send(WebhookIngestion ingestion, String id) {
		while (true) {
			try {
				ingestion.ingest(this.github, delivery(id), MediaType.APPLICATION_JSON, System.nanoTime(),
						UnaryOperator.identity()).block(Duration.ofSeconds(30));
				return;
			}
			catch (IngestionException ex) {
				assertThat(ex.status()).isIn(HttpStatus.TOO_MANY_REQUESTS, HttpStatus.SERVICE_UNAVAILABLE);
				this.refused.incrementAndGet();
				LockSupport.parkNanos(Duration.ofMillis(2).toNanos());  // the sender's back-off
			}
		}
	}

	private Delivery delivery(String id) {
		String body = "{\"ref\":\"main\",\"id\":\"" + id + "\"}";
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-GitHub-Event", "push");
		headers.add("X-GitHub-Delivery", id);
		headers.add("X-Hub-Signature-256", "sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, body)));
		headers.add("Content-Type", "application/json");
		return new Delivery("github", headers, new LinkedMultiValueMap<>(), body.getBytes(StandardCharsets.UTF_8),
				Instant.now());
	}

}
