package io.taobus.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.taobus.E2eSupport;
import io.taobus.handler.TaoInline;
import io.taobus.handler.TaoIntercept;
import io.taobus.handler.TaoResponse;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.NewDelivery;
import io.taobus.ingestion.IngestionListener;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.tao.AppCon;
import io.taobus.tao.Intercept;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /tao/context} and {@code GET /tao/responses} over real HTTP: the demonstration's response
 * handler answers, the first chained AppCon answers where no response handler declares one, concurrent
 * requests on one trigram each get their own, a repeated request gets the recorded response or waits for
 * the running one, a late response is a 504 (or a 202 to {@code Prefer: respond-async}) and is recorded
 * all the same, a cascade with no response or a failing handler is a 500 that says which, and the
 * routes' other refusals are as koa answers them. Slow handlers are held by latches, never by sleeps.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import({ E2eSupport.Config.class, ContextApiTests.Handlers.class })
class ContextApiTests {

	static final String TOKEN = "test-api-token";

	@Autowired
	WebTestClient client;

	@Autowired
	Held held;

	@Autowired
	Inbox inbox;

	@AfterEach
	void release() {
		this.held.latches.values().forEach(CountDownLatch::countDown);
		this.callers.shutdownNow();
	}

	/** Callers that each wait on their own thread: the common pool may have a single one here. */
	final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

	/** A request that waits up to 25 s for its response. */
	WebTestClient.RequestBodySpec post(String key) {
		return post(key, "wait=25");
	}

	WebTestClient.RequestBodySpec post(String key, String prefer) {
		WebTestClient.RequestBodySpec spec = this.client.post().uri("/tao/context").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", "Bearer " + TOKEN).header("Prefer", prefer);
		return (key != null) ? spec.header("Idempotency-Key", key) : spec;
	}

	static Map<String, Object> request(String term, String action, Object termData) {
		return Map.of("term", term, "action", action, "orient", "Api", "data", Map.of("term", termData));
	}

	@Test
	void aResponseHandlerAnswersAndItsResponseIsRecordedForARepeatAndTheLookup() {
		String key = "quote-" + UUID.randomUUID();
		byte[] first = post(key).bodyValue(request("Quote", "Ask", Map.of("symbol", "ACME")))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectHeader().doesNotExist(ContextEndpoint.REPLAYED)
			.expectBody()
			.jsonPath("$.term").isEqualTo("Quote")
			.jsonPath("$.action").isEqualTo("Given")
			.jsonPath("$.orient").isEqualTo("Api")
			.jsonPath("$.data.term.symbol").isEqualTo("ACME")
			.jsonPath("$.data.term.price").isEqualTo(49.0)
			.returnResult().getResponseBody();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> this.client.get()
			.uri("/tao/deliveries/api/{id}?body=true", key).header("Authorization", "Bearer " + TOKEN)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("completed")
			.jsonPath("$.response.term").isEqualTo("Quote")
			.jsonPath("$.response.data.term.price").isEqualTo(49.0));
		byte[] repeated = post(key).bodyValue(request("Quote", "Ask", Map.of("symbol", "ACME")))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(ContextEndpoint.REPLAYED, "true")
			.expectBody().returnResult().getResponseBody();
		assertThat(repeated).isEqualTo(first);
	}

	@Test
	void withoutAResponseHandlerTheFirstChainedAppConAnswers() {
		post(null).bodyValue(request("Echo", "Say", "hello"))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.term").isEqualTo("Echo")
			.jsonPath("$.action").isEqualTo("Said")
			.jsonPath("$.data.term").isEqualTo("hello");
	}

	@Test
	void concurrentRequestsOnOneTrigramEachGetTheirOwnResponse() {
		List<CompletableFuture<EntityExchangeResult<byte[]>>> requests = List.of("one", "two", "three").stream()
			.map((who) -> CompletableFuture.supplyAsync(() -> post(null).bodyValue(request("Meet", "Ask", who))
				.exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.data.term").isEqualTo("met " + who)
				.returnResult(), this.callers))
			.toList();
		requests.forEach(CompletableFuture::join);
		assertThat(this.held.met).isEqualTo(3);
	}

	@Test
	void aLateResponseIs504OrA202ForRespondAsyncAndIsRecordedWhenItComes() throws Exception {
		String late = "late-" + UUID.randomUUID();
		post(late, "wait=1").bodyValue(request("Late", "Ask", late))
			.exchange()
			.expectStatus().isEqualTo(504)
			.expectBody()
			.jsonPath("$.outcome").isEqualTo("response_timeout")
			.jsonPath("$.detail").value((detail) -> assertThat(detail.toString()).contains("/tao/deliveries/api/" + late));
		String async = "async-" + UUID.randomUUID();
		post(async, "respond-async, wait=1").bodyValue(request("Late", "Ask", async))
			.exchange()
			.expectStatus().isAccepted()
			.expectHeader().valueEquals("Preference-Applied", "respond-async")
			.expectHeader().valueEquals("Location", "/tao/deliveries/api/" + async)
			.expectBody().jsonPath("$.id").isEqualTo(async);
		for (String key : List.of(late, async)) {
			this.held.latch(key).countDown();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> post(key).bodyValue(request("Late", "Ask", key))
				.exchange()
				.expectStatus().isOk()
				.expectHeader().valueEquals(ContextEndpoint.REPLAYED, "true")
				.expectBody().jsonPath("$.action").isEqualTo("Answered").jsonPath("$.data.term").isEqualTo(key));
		}
	}

	@Test
	void aRepeatWhileTheFirstRunsWaitsForItsResponse() throws Exception {
		String key = "repeat-" + UUID.randomUUID();
		CompletableFuture<EntityExchangeResult<byte[]>> first = CompletableFuture.supplyAsync(() -> post(key)
			.bodyValue(request("Late", "Ask", key))
			.exchange().expectStatus().isOk().expectBody().returnResult(), this.callers);
		assertThat(this.held.entered(key).await(10, TimeUnit.SECONDS)).isTrue();
		long duplicates = this.held.duplicates.get();
		CompletableFuture<EntityExchangeResult<byte[]>> repeat = CompletableFuture.supplyAsync(() -> post(key)
			.bodyValue(request("Late", "Ask", key))
			.exchange().expectStatus().isOk().expectHeader().valueEquals(ContextEndpoint.REPLAYED, "true")
			.expectBody().returnResult(), this.callers);
		// the repeat was stored as a duplicate, and now waits for the first's response
		await().atMost(Duration.ofSeconds(10)).until(() -> this.held.duplicates.get() > duplicates);
		assertThat(repeat).isNotDone();
		this.held.latch(key).countDown();
		assertThat(repeat.join().getResponseBody()).isEqualTo(first.join().getResponseBody());
		assertThat(this.held.lateCalls(key)).as("the repeat ran no handler").isEqualTo(1);
	}

	@Test
	void aCascadeWithoutAResponseOrWithAFailingHandlerIsA500ThatSaysWhich() {
		post(null).bodyValue(request("Quiet", "Ask", "x")).exchange()
			.expectStatus().isEqualTo(500)
			.expectBody().jsonPath("$.outcome").isEqualTo("no_response");
		post(null).bodyValue(request("Halted", "Ask", "x")).exchange()
			.expectStatus().isEqualTo(500)
			.expectBody().jsonPath("$.outcome").isEqualTo("no_response");
		post(null).bodyValue(request("Fail", "Ask", "x")).exchange()
			.expectStatus().isEqualTo(500)
			.expectBody().jsonPath("$.outcome").isEqualTo("handler_failed")
			.jsonPath("$.detail").value((detail) -> assertThat(detail.toString())
				.endsWith("java.lang.IllegalStateException").doesNotContain("card declined"));
		post(null).bodyValue(request("Odd", "Ask", "x")).exchange()
			.expectStatus().isEqualTo(500)
			.expectBody().jsonPath("$.outcome").isEqualTo("response_unencodable");
	}

	@Test
	void aRepeatOfARequestRunningElsewhereIs202AndOfOneThatGaveNoResponseIsItsSame500() {
		// stored by "another node": pending, running nowhere here
		String elsewhere = "elsewhere-" + UUID.randomUUID();
		this.inbox.accept(new NewDelivery("api", elsewhere, "Quote", "Ask", "Api", "application/json",
				ContextEndpoint.REQUEST_HEADERS, "{}".getBytes(StandardCharsets.UTF_8), Instant.now()))
			.toCompletableFuture().join();
		post(elsewhere).bodyValue(request("Quote", "Ask", Map.of("symbol", "ACME"))).exchange()
			.expectStatus().isAccepted()
			.expectHeader().valueEquals("Location", "/tao/deliveries/api/" + elsewhere)
			.expectHeader().doesNotExist("Preference-Applied")
			.expectBody().jsonPath("$.duplicate").isEqualTo(true);
		String quiet = "quiet-" + UUID.randomUUID();
		for (int i = 0; i < 2; i++) {
			post(quiet).bodyValue(request("Quiet", "Ask", quiet)).exchange()
				.expectStatus().isEqualTo(500)
				.expectBody().jsonPath("$.outcome").isEqualTo("no_response");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.find("api", quiet, false).orElseThrow().status()
				== DeliveryStatus.COMPLETED);
		}
		assertThat(this.held.quietCalls.get()).as("the repeat ran nothing").isEqualTo(1);
	}

	@Test
	void theRoutesRefuseAsKoaDoes() {
		this.client.get().uri("/tao/context").exchange().expectStatus().isEqualTo(405)
			.expectHeader().valueEquals("Allow", "POST");
		this.client.post().uri("/tao/context/extra").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").value((detail) -> assertThat(detail.toString()).contains("extra path"));
		this.client.get().uri("/tao/nothing-here").header("Authorization", "Bearer " + TOKEN)
			.exchange().expectStatus().isNotFound();
		this.client.post().uri("/tao/context").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request("Quote", "Ask", "x")).exchange().expectStatus().isUnauthorized();
		post(null).bodyValue(Map.of("term", "*", "action", "Ask", "orient", "Api")).exchange()
			.expectStatus().isBadRequest().expectBody().jsonPath("$.outcome").isEqualTo("malformed");
		this.client.post().uri("/tao/context").header("Authorization", "Bearer " + TOKEN)
			.contentType(MediaType.TEXT_PLAIN).bodyValue("Quote Ask Api").exchange().expectStatus().isEqualTo(415);
	}

	@Test
	void theResponseHandlersAreListed() {
		this.client.get().uri("/tao/responses").header("Authorization", "Bearer " + TOKEN)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[?(@.handler == 'QuoteDesk#quote')].kind").isEqualTo("inline")
			.jsonPath("$[?(@.handler == 'QuoteDesk#quote')].term").isEqualTo("Quote")
			.jsonPath("$[?(@.handler == 'Held#late')].action").isEqualTo("Ask");
		this.client.get().uri("/tao/responses").exchange().expectStatus().isUnauthorized();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Held held() {
			return new Held();
		}

	}

	/**
	 * The test's handlers: an echo, a meeting of three, a late answer held by a latch per request, and no
	 * answers; and the API's duplicates, counted as the ingestion's listeners are told of them.
	 */
	static class Held implements IngestionListener {

		final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

		final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> lateCalls = new ConcurrentHashMap<>();

		final CountDownLatch meeting = new CountDownLatch(3);

		final AtomicLong duplicates = new AtomicLong();

		volatile int met;

		CountDownLatch latch(String who) {
			return this.latches.computeIfAbsent(who, (key) -> new CountDownLatch(1));
		}

		CountDownLatch entered(String who) {
			return this.entered.computeIfAbsent(who, (key) -> new CountDownLatch(1));
		}

		int lateCalls(String who) {
			return this.lateCalls.computeIfAbsent(who, (key) -> new AtomicInteger()).get();
		}

		@Override
		public void ingested(String source, IngestionOutcome outcome, long nanos) {
			if (source.equals("api") && outcome == IngestionOutcome.DUPLICATE) {
				this.duplicates.incrementAndGet();
			}
		}

		@TaoInline(term = "Echo", action = "Say")
		AppCon echo(AppCon said) {
			return AppCon.of(Trigram.of("Echo", "Said", "Api"), said.termData());
		}

		@TaoInline(term = "Meet", action = "Ask")
		@TaoResponse
		AppCon meet(String who) throws InterruptedException {
			this.meeting.countDown();
			this.meeting.await(10, TimeUnit.SECONDS);
			synchronized (this) {
				this.met++;
			}
			return AppCon.of(Trigram.of("Meet", "Met", "Api"), "met " + who);
		}

		@TaoInline(term = "Late", action = "Ask")
		@TaoResponse
		AppCon late(String who) throws InterruptedException {
			this.lateCalls.computeIfAbsent(who, (key) -> new AtomicInteger()).incrementAndGet();
			entered(who).countDown();
			latch(who).await(20, TimeUnit.SECONDS);
			return AppCon.of(Trigram.of("Late", "Answered", "Api"), who);
		}

		final AtomicInteger quietCalls = new AtomicInteger();

		@TaoInline(term = "Quiet", action = "Ask")
		@TaoResponse
		AppCon quiet(String key) {
			if (key.startsWith("quiet-")) {
				this.quietCalls.incrementAndGet();
			}
			return null;
		}

		@TaoIntercept(term = "Halted", action = "Ask")
		Intercept halt() {
			return Intercept.halt();
		}

		@TaoInline(term = "Halted", action = "Ask")
		AppCon neverRuns() {
			return AppCon.of(Trigram.of("Halted", "Ran", "Api"), null);
		}

		@TaoInline(term = "Fail", action = "Ask")
		@TaoResponse
		AppCon fail() {
			throw new IllegalStateException("card declined");
		}

		@TaoInline(term = "Odd", action = "Ask")
		@TaoResponse
		AppCon odd() {
			return AppCon.of(Trigram.of("Odd", "Given", "Api"), new Unwritable("x"));
		}

		/** Data JSON cannot hold: its accessor throws. */
		record Unwritable(String value) {

			@Override
			public String value() {
				throw new IllegalStateException("not today");
			}

		}

	}

}
