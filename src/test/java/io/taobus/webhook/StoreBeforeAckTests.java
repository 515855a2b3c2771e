package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.taobus.E2eSupport;
import io.taobus.inbox.ClaimedDelivery;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.H2Inbox;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MutableClock;
import io.taobus.inbox.ReplayOutcome;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryDispatcher;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.tao.AppCon;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline from a verified delivery to a stored, acknowledged and finished one, on a real kernel
 * and a real (in-memory) inbox: 202 only after the row is stored, its outcome reported when the cascade
 * ends, a copy answered from the stored row, a failed delivery run again on resend, a store that cannot
 * commit refused with 503 and nothing stored, a saturated bus refused with 429 before anything is
 * stored, a committed delivery the bus then refuses left to recovery, and recovery and replay rebuilding the AppCon from the row with its run in the
 * metadata.
 */
class StoreBeforeAckTests {

	static final String SECRET = "store-secret";

	final Kernel kernel = Kernel.builder().maxPendingDispatches(2).build();

	final InboxSettings settings = InboxSettings.defaults().withLeaseDuration(Duration.ofSeconds(30));

	final MutableClock clock = new MutableClock(Instant.now());

	// the embedded H2 store, as in the service: the memory inbox drops a completed row's body (no replay)
	final H2Inbox store = new H2Inbox(this.settings, this.clock);

	final Inbox inbox = this.store.inbox();

	final WebhookSource github = WebhookSource.of("github", new WebhookProperties.Source("github", SECRET, List.of(),
			Duration.ofMinutes(5), false, null, "hex", "", null, null, null, null), TestProviders.all());

	final Sources sources = new Sources(Map.of("github", this.github), new BodyParser(JsonMapper.builder().build()));

	final DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.inbox, this.kernel, List.of(this.sources));

	final WebhookIngestion ingestion = new WebhookIngestion(this.sources, new Ingestion(this.inbox, this.dispatcher),
			new ReplayGuard(Duration.ofHours(1), 1000), Clock.systemUTC());

	final List<AppCon> seen = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.kernel.close();
		this.store.close();
	}

	Ingestion.Result ingest(String id, String event) {
		return ingest(this.ingestion, id, event).block(Duration.ofSeconds(10));
	}

	reactor.core.publisher.Mono<Ingestion.Result> ingest(WebhookIngestion ingestion, String id, String event) {
		String body = "{\"ref\":\"main\",\"id\":\"" + id + "\"}";
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-GitHub-Event", event);
		headers.add("X-GitHub-Delivery", id);
		headers.add("X-Hub-Signature-256",
				"sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, body)));
		headers.add("Content-Type", "application/json");
		Delivery delivery = new Delivery("github", headers, new LinkedMultiValueMap<>(), body.getBytes(StandardCharsets.UTF_8),
				Instant.now());
		return ingestion.ingest(this.github, delivery, MediaType.APPLICATION_JSON, System.nanoTime(),
				UnaryOperator.identity());
	}

	/**
	 * A pipeline on this test's store whose commits are answered only once {@code committed} completes
	 * (the row itself is committed at once), waiting at most {@code storeTimeout} for them.
	 */
	WebhookIngestion answeredWhen(java.util.concurrent.CompletableFuture<Void> committed, Duration storeTimeout) {
		return answeredWhen(committed, storeTimeout, this.kernel);
	}

	/** As {@link #answeredWhen(java.util.concurrent.CompletableFuture, Duration)}, on a kernel of the test's. */
	WebhookIngestion answeredWhen(java.util.concurrent.CompletableFuture<Void> committed, Duration storeTimeout,
			Kernel kernel) {
		Inbox late = (Inbox) java.lang.reflect.Proxy.newProxyInstance(Inbox.class.getClassLoader(),
				new Class<?>[] { Inbox.class }, (proxy, method, args) -> {
					Object result = method.invoke(this.inbox, args);
					return method.getName().equals("accept")
							? ((java.util.concurrent.CompletionStage<?>) result).thenCombine(committed, (admission, go) -> admission)
							: result;
				});
		return new WebhookIngestion(this.sources,
				new Ingestion(late, new DeliveryDispatcher(late, kernel, List.of(this.sources)), storeTimeout),
				new ReplayGuard(Duration.ofHours(1), 1000), Clock.systemUTC());
	}

	DeliveryRecord row(String id) {
		return this.inbox.find("github", id, false).orElseThrow();
	}

	AppCon see(AppCon appCon) {
		this.seen.add(appCon);
		return null;
	}

	DeliveryMetadata metadata(AppCon appCon) {
		return (DeliveryMetadata) appCon.orientData();
	}

	@Test
	void anAcceptedDeliveryIsStoredDispatchedAndCompletedWithItsCounts() {
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), this::see);
		this.kernel.addAsyncHandler(Trigram.of("push", "*", "*"), (appCon) -> {
			throw new IllegalStateException("swallowed");
		});
		assertThat(ingest("d-1", "push")).isInstanceOf(Ingestion.Result.Accepted.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-1").status() == DeliveryStatus.COMPLETED);
		DeliveryRecord row = row("d-1");
		assertThat(row.handlerCalls()).isEqualTo(2);
		assertThat(row.asyncErrors()).isEqualTo(1);
		assertThat(row.headers()).containsEntry("x-github-event", "push").doesNotContainKey("x-hub-signature-256");
		assertThat(this.seen).singleElement().satisfies((appCon) -> {
			assertThat(metadata(appCon).attempt()).isEqualTo(1);
			assertThat(metadata(appCon).replay()).isFalse();
		});
		Ingestion.Result copy = ingest("d-1", "push");
		assertThat(copy).isInstanceOfSatisfying(Ingestion.Result.Duplicate.class,
				(duplicate) -> assertThat(duplicate.acknowledgement().duplicate()).isTrue());
		assertThat(this.seen).hasSize(1);
	}

	@Test
	void aFailedDeliveryIsMarkedFailedAndItsResendRunsAgainAsTheNextAttempt() {
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), (appCon) -> {
			this.seen.add(appCon);
			if (this.seen.size() == 1) {
				throw new IllegalArgumentException("first run fails");
			}
			return null;
		});
		ingest("d-2", "push");
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-2").status() == DeliveryStatus.FAILED);
		assertThat(row("d-2").lastError()).isEqualTo("java.lang.IllegalArgumentException: first run fails");
		assertThat(ingest("d-2", "push")).isInstanceOf(Ingestion.Result.Accepted.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-2").status() == DeliveryStatus.COMPLETED);
		assertThat(this.seen).extracting((appCon) -> metadata(appCon).attempt()).containsExactly(1, 2);
	}

	@Test
	void aResendRunsOnlyTheCallsThatDidNotCompleteBefore() {
		java.util.concurrent.atomic.AtomicInteger charges = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger notices = new java.util.concurrent.atomic.AtomicInteger();
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), "charge", (appCon) -> {
			charges.incrementAndGet();
			return null;
		});
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), "notify", (appCon) -> {
			if (notices.incrementAndGet() == 1) {
				throw new IllegalStateException("chat is down");
			}
			return null;
		});
		ingest("d-12", "push");
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-12").status() == DeliveryStatus.FAILED);
		assertThat(ingest("d-12", "push")).isInstanceOf(Ingestion.Result.Accepted.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-12").status() == DeliveryStatus.COMPLETED);
		assertThat(charges.get()).as("the charge completed in the first run: the resend skips it").isEqualTo(1);
		assertThat(notices.get()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.calls("github", "d-12").size() == 4);
		assertThat(this.inbox.calls("github", "d-12")).extracting((call) -> call.attempt() + ":" + call.handler() + ":"
				+ call.status().value())
			.containsExactlyInAnyOrder("1:charge:completed", "1:notify:failed", "2:charge:skipped", "2:notify:completed");
	}

	@Test
	void aDeliveryWhoseClientHangsUpWhileItIsStoredRunsAllTheSame() {
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), this::see);
		// the inbox's answer waits for the test, as a commit under load makes it wait
		java.util.concurrent.CompletableFuture<Void> committed = new java.util.concurrent.CompletableFuture<>();
		WebhookIngestion ingestion = answeredWhen(committed, Duration.ofSeconds(10));
		reactor.core.Disposable answer = ingest(ingestion, "d-8", "push").subscribe();
		answer.dispose();  // the client is gone before its delivery is committed
		committed.complete(null);
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-8").status() == DeliveryStatus.COMPLETED);
		assertThat(this.seen).singleElement()
			.satisfies((appCon) -> assertThat(metadata(appCon).deliveryId()).isEqualTo("d-8"));
	}

	@Test
	void bodiesWaitingToBeStoredCountWithTheBytesInFlightAndAreGivenBackOnceStored() {
		int length = ("{\"ref\":\"main\",\"id\":\"d-20\"}").length();
		// room for two bodies waiting for a slow commit, not three
		Kernel small = Kernel.builder().maxInflightBytes(2L * length + 1).build();
		try {
			java.util.concurrent.CompletableFuture<Void> committed = new java.util.concurrent.CompletableFuture<>();
			WebhookIngestion ingestion = answeredWhen(committed, Duration.ofSeconds(10), small);
			reactor.core.publisher.Mono<Ingestion.Result> first = ingest(ingestion, "d-20", "push").cache();
			reactor.core.publisher.Mono<Ingestion.Result> second = ingest(ingestion, "d-21", "push").cache();
			first.subscribe();
			second.subscribe();
			assertThatThrownBy(() -> ingest(ingestion, "d-22", "push").block(Duration.ofSeconds(10)))
				.isInstanceOfSatisfying(IngestionException.class, (ex) -> {
					assertThat(ex.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
					assertThat(ex.getMessage()).contains("bodies waiting to be stored");
				});
			assertThat(this.inbox.find("github", "d-22", false)).as("nothing stored").isEmpty();
			committed.complete(null);
			assertThat(first.block(Duration.ofSeconds(10))).isInstanceOf(Ingestion.Result.Accepted.class);
			assertThat(second.block(Duration.ofSeconds(10))).isInstanceOf(Ingestion.Result.Accepted.class);
			assertThat(ingest(ingestion, "d-22", "push").block(Duration.ofSeconds(10)))
				.as("the stored bodies' bytes were given back").isInstanceOf(Ingestion.Result.Accepted.class);
		}
		finally {
			small.close();
		}
	}

	@Test
	void aDeliveryNotStoredInTimeIsA503AndRunsOnceItsCommitComesAfterAll() {
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), this::see);
		java.util.concurrent.CompletableFuture<Void> committed = new java.util.concurrent.CompletableFuture<>();
		WebhookIngestion ingestion = answeredWhen(committed, Duration.ofMillis(200));
		assertThatThrownBy(() -> ingest(ingestion, "d-9", "push").block(Duration.ofSeconds(10)))
			.isInstanceOfSatisfying(IngestionException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(ex.getMessage()).contains("not stored within");
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(5));
			});
		committed.complete(null);
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-9").status() == DeliveryStatus.COMPLETED);
		assertThat(this.seen).hasSize(1);
		assertThat(ingest("d-9", "push")).as("the sender's retry").isInstanceOf(Ingestion.Result.Duplicate.class);
	}

	@Test
	void aStoreThatCannotCommitIsA503WithRetryAfterAndNothingStoredOrRun() {
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), this::see);
		this.inbox.close();
		assertThatThrownBy(() -> ingest("d-3", "push")).isInstanceOfSatisfying(IngestionException.class, (ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(ex.outcome()).isEqualTo(IngestionOutcome.UNAVAILABLE);
			assertThat(ex.retryAfter()).isEqualTo(this.settings.retryAfter());
		});
		assertThat(this.inbox.find("github", "d-3", false)).isEmpty();
		assertThat(this.seen).isEmpty();
	}

	@Test
	void aSaturatedBusRefusesBeforeStoringAndOneRefusedAfterItsCommitIsRunByRecovery() throws Exception {
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		this.kernel.addInlineHandler(Trigram.of("block", "*", "*"), (appCon) -> {
			release.await();
			return null;
		});
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), this::see);
		ingest("b-1", "block");
		ingest("b-2", "block");  // the bus is now full (max-pending-dispatches 2)
		assertThatThrownBy(() -> ingest("d-4", "push")).as("refused before it is stored")
			.isInstanceOfSatisfying(IngestionException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
		assertThat(this.inbox.find("github", "d-4", false)).isEmpty();
		// one that passed that check and found the bus full after its commit: acknowledged, left to recovery
		io.taobus.inbox.Admission admission = this.inbox.accept(new io.taobus.inbox.NewDelivery("github", "d-4", "push",
				"received", "github", "application/json", Map.of("x-github-delivery", "d-4"),
				"{\"ref\":\"main\",\"id\":\"d-4\"}".getBytes(StandardCharsets.UTF_8), Instant.now()))
			.toCompletableFuture()
			.join();
		io.taobus.inbox.DeliveryRef ref = ((io.taobus.inbox.Admission.Accepted) admission).ref();
		this.dispatcher.dispatch(ref, new AppCon(Trigram.of("push", "received", "github"), Map.of(), null,
				new DeliveryMetadata("github", "d-4", Instant.now(), Map.of())), 0, System.nanoTime(), UnaryOperator.identity());
		assertThat(row("d-4").status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(this.dispatcher.deferred()).isEqualTo(1);
		release.countDown();
		this.kernel.awaitIdle(Duration.ofSeconds(10));
		// released (the outcome writer applies the release within its tick, on its own thread): recovery
		// claims it without waiting for the lease, and the dispatcher runs it again, rebuilt from the row
		List<ClaimedDelivery> claimed = new CopyOnWriteArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> claimed.addAll(this.inbox.claimExpired(10)));
		assertThat(claimed).extracting((delivery) -> delivery.ref().deliveryId()).containsExactly("d-4");
		this.dispatcher.redispatch(claimed.get(0));
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-4").status() == DeliveryStatus.COMPLETED);
		assertThat(this.seen).singleElement().satisfies((appCon) -> {
			assertThat(metadata(appCon).attempt()).isEqualTo(2);
			assertThat(appCon.termData()).isEqualTo(Map.of("ref", "main", "id", "d-4"));
			assertThat(metadata(appCon).headers()).containsEntry("x-github-delivery", "d-4");
		});
	}

	@Test
	void aReplayedDeliveryIsRebuiltFromItsRowAndSaysSo() {
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), this::see);
		ingest("d-5", "push");
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-5").status() == DeliveryStatus.COMPLETED);
		// the whole cascade: a replay of the default scope would skip the handler, which completed
		assertThat(this.inbox.replay("github", "d-5", io.taobus.inbox.ReplayScope.ALL)).isEqualTo(ReplayOutcome.REPLAYED);
		List<ClaimedDelivery> claimed = this.inbox.claimExpired(10);
		assertThat(claimed).singleElement().satisfies((delivery) -> assertThat(delivery.replay()).isTrue());
		this.dispatcher.redispatch(claimed.get(0));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.seen.size() == 2);
		assertThat(this.seen.get(1).termData()).isEqualTo(this.seen.get(0).termData());
		assertThat(this.seen.get(1).trigram()).isEqualTo(this.seen.get(0).trigram());
		assertThat(metadata(this.seen.get(1)).replay()).isTrue();
		assertThat(metadata(this.seen.get(1)).receivedAt()).isEqualTo(metadata(this.seen.get(0)).receivedAt());
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-5").status() == DeliveryStatus.COMPLETED);
	}

	@Test
	void aStoredDeliveryWhoseSourceIsGoneIsReportedFailedNotRetriedForever() {
		this.kernel.addInlineHandler(Trigram.of("push", "*", "*"), this::see);
		ingest("d-6", "push");
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-6").status() == DeliveryStatus.COMPLETED);
		this.inbox.replay("github", "d-6");
		DeliveryDispatcher withoutGithub = new DeliveryDispatcher(this.inbox, this.kernel,
				List.of(new Sources(Map.of(), new BodyParser(JsonMapper.builder().build()))));
		withoutGithub.redispatch(this.inbox.claimExpired(10).get(0));
		await().atMost(Duration.ofSeconds(10)).until(() -> row("d-6").status() == DeliveryStatus.FAILED);
		assertThat(row("d-6").lastError()).contains("no longer configured");
	}

	@Test
	void noDeliveryIsAdmittedOnceTheBusCloses() {
		this.kernel.close();
		assertThatThrownBy(() -> ingest("d-7", "push")).isInstanceOfSatisfying(IngestionException.class,
				(ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		assertThat(this.inbox.find("github", "d-7", false)).isEmpty();
	}

}
