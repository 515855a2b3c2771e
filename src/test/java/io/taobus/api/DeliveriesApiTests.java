package io.taobus.api;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.taobus.inbox.Admission;
import io.taobus.inbox.Completion;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.MutableClock;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.InboxUnavailableException;
import io.taobus.inbox.H2Inbox;
import io.taobus.inbox.NewDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deliveries API over a real (in-memory, fresh per test) inbox, through WebFlux's dispatcher: listing with filters and
 * cursors, one delivery with and without its body (ids with {@code /} and {@code #} URL-encoded),
 * replay of one and of a range with every refusal (401, 400 per bad parameter, 404, 409, 410, 503), each
 * as problem details with an {@code outcome}.
 */
class DeliveriesApiTests {

	static final String TOKEN = "Bearer operator-token";

	final MutableClock clock = new MutableClock(Instant.now());  // from the real now: the database stamps completed_at itself

	// bodies of completed rows kept 1 day, rows 7: g-1's body expires while its row stays
	// on the embedded H2 store: the memory inbox drops a completed row's body, and this API replays them
	final H2Inbox store = new H2Inbox(new InboxSettings("test-node", Duration.ofSeconds(30), 5, Duration.ofDays(1),
			Duration.ofDays(7), Duration.ofDays(30), 64, Duration.ofMillis(2), 100, Duration.ofSeconds(5)), this.clock);

	final Inbox inbox = this.store.inbox();

	final WebTestClient client = WebTestClient
		.bindToController(new DeliveriesController(this.inbox, new ApiTokens(List.of("operator-token"), Map.of()), new StoreCalls()))
		.controllerAdvice(new OperatorProblems())
		.build();

	@AfterEach
	void closeStore() {
		this.store.close();
	}

	@BeforeEach
	void store() {
		// g-1 completed long ago (its body expires), g-2 failed, g/3#x completed, s-1 pending
		finish(accept("github", "g-1", "{\"n\":1}"), new Completion.Completed(2, 1));
		this.clock.advance(Duration.ofDays(2));
		this.inbox.purge();
		finish(accept("github", "g-2", "{\"n\":2}"), Completion.Failed.of(new IllegalStateException("boom"), 1, 0));
		finish(accept("github", "g/3#x", "{\"n\":3}"), new Completion.Completed(1, 0));
		accept("stripe", "s-1", "{\"n\":4}");
	}

	DeliveryRef accept(String source, String id, String body) {
		Admission admission = this.inbox.accept(new NewDelivery(source, id, "push", "received", source, "application/json",
				Map.of("x-github-event", "push"), body.getBytes(StandardCharsets.UTF_8), this.clock.instant()))
			.toCompletableFuture()
			.join();
		return ((Admission.Accepted) admission).ref();
	}

	/** Reports an outcome and waits until it is written (the store writes outcomes in batches). */
	void finish(DeliveryRef ref, Completion completion) {
		this.inbox.finished(ref, completion);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox
			.find(ref.source(), ref.deliveryId(), false)
			.map((row) -> row.status() != io.taobus.inbox.DeliveryStatus.PENDING)
			.orElse(false));
	}

	WebTestClient.ResponseSpec get(String uri) {
		// taken as is: the tests encode ids themselves, as a client must
		return this.client.get().uri(java.net.URI.create(uri)).header("Authorization", TOKEN).exchange();
	}

	@Test
	void listsNewestFirstFilteredAndPaged() {
		get("/tao/deliveries").expectStatus().isOk().expectBody()
			.jsonPath("$.deliveries[*].deliveryId").isEqualTo(java.util.List.of("s-1", "g/3#x", "g-2", "g-1"))
			.jsonPath("$.deliveries[0].body").doesNotExist()
			.jsonPath("$.nextCursor").doesNotExist();
		get("/tao/deliveries?source=github&status=completed").expectStatus().isOk().expectBody()
			.jsonPath("$.deliveries[*].deliveryId").isEqualTo(java.util.List.of("g/3#x", "g-1"));
		String cursor = get("/tao/deliveries?limit=2").expectStatus().isOk().expectBody(DeliveryView.Page.class)
			.returnResult().getResponseBody().nextCursor();
		assertThat(cursor).isNotNull();
		get("/tao/deliveries?limit=2&cursor=" + cursor).expectStatus().isOk().expectBody()
			.jsonPath("$.deliveries[*].deliveryId").isEqualTo(java.util.List.of("g-2", "g-1"));
		get("/tao/deliveries?since=" + this.clock.instant().minusSeconds(1)).expectStatus().isOk().expectBody()
			.jsonPath("$.deliveries.length()").isEqualTo(3);
	}

	@Test
	void showsADeliverysTimelineOfHandlerCallsInOrder() {
		DeliveryRef ref = accept("github", "t-1", "{\"n\":5}");
		io.taobus.inbox.CallLog log = this.inbox.callLog(ref);
		io.taobus.tao.Trigram push = io.taobus.tao.Trigram.of("push", "received", "github");
		log.called(new io.taobus.tao.HandlerCall(new io.taobus.tao.CallId("1".repeat(32)), "0",
				io.taobus.tao.AppCon.of(push, null), new io.taobus.tao.HandlerInfo(push, io.taobus.tao.HandlerKind.INLINE,
						"build"), io.taobus.tao.Outcome.SUCCESS, 2_000_000, null, io.taobus.tao.AsyncRetries.NONE));
		this.clock.advance(Duration.ofSeconds(1));
		log.called(new io.taobus.tao.HandlerCall(new io.taobus.tao.CallId("2".repeat(32)), "0",
				io.taobus.tao.AppCon.of(push, null), new io.taobus.tao.HandlerInfo(push, io.taobus.tao.HandlerKind.ASYNC,
						"notify"), io.taobus.tao.Outcome.ERROR, 3_000_000, new IllegalStateException("chat is down"), io.taobus.tao.AsyncRetries.DEFAULT));
		this.inbox.finished(ref, new Completion.Completed(2, 1), log.records());
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.inbox.calls("github", "t-1").size() == 2);
		get("/tao/deliveries/github/t-1").expectStatus().isOk().expectBody()
			.jsonPath("$.calls[*].handler").isEqualTo(List.of("build", "notify"))
			.jsonPath("$.calls[0].callId").isEqualTo("1".repeat(32))
			.jsonPath("$.calls[0].kind").isEqualTo("inline")
			.jsonPath("$.calls[0].status").isEqualTo("completed")
			.jsonPath("$.calls[0].durationMicros").isEqualTo(2000)
			.jsonPath("$.calls[0].errorClass").doesNotExist()
			.jsonPath("$.calls[1].hop").isEqualTo("0")
			.jsonPath("$.calls[1].trigram").isEqualTo("push|received|github")
			.jsonPath("$.calls[1].attempt").isEqualTo(1)
			.jsonPath("$.calls[1].status").isEqualTo("retrying")
			.jsonPath("$.calls[1].dueAt").exists()
			.jsonPath("$.calls[0].dueAt").doesNotExist()
			.jsonPath("$.calls[1].outcome").isEqualTo("error")
			.jsonPath("$.calls[1].errorClass").isEqualTo("java.lang.IllegalStateException")
			.jsonPath("$.calls[1].message").isEqualTo("chat is down")
			.jsonPath("$.calls[1].fingerprint").exists();
		get("/tao/deliveries/github/g-2").expectStatus().isOk().expectBody().jsonPath("$.calls").isEmpty();
		get("/tao/deliveries?source=github").expectStatus().isOk().expectBody().jsonPath("$.deliveries[0].calls").doesNotExist();
	}

	@Test
	void findsOneDeliveryByItsEncodedIdWithItsBodyOnRequest() {
		get("/tao/deliveries/github/g%2F3%23x").expectStatus().isOk().expectBody()
			.jsonPath("$.source").isEqualTo("github")
			.jsonPath("$.deliveryId").isEqualTo("g/3#x")
			.jsonPath("$.status").isEqualTo("completed")
			.jsonPath("$.attempts").isEqualTo(1)
			.jsonPath("$.term").isEqualTo("push")
			.jsonPath("$.handlerCalls").isEqualTo(1)
			.jsonPath("$.receivedAt").exists()
			.jsonPath("$.completedAt").exists()
			.jsonPath("$.body").doesNotExist();
		get("/tao/deliveries/github/g%2F3%23x?body=true").expectStatus().isOk().expectBody()
			.jsonPath("$.body").isEqualTo("{\"n\":3}");
		get("/tao/deliveries/github/g-2").expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("failed")
			.jsonPath("$.lastError").isEqualTo("java.lang.IllegalStateException: boom");
		problem(get("/tao/deliveries/github/nope"), 404, "not_found");
		problem(get("/tao/deliveries/nowhere/g-2"), 404, "not_found");
	}

	@Test
	void aDeliveryThatReachedNoHandlerIsShownUnhandled() {
		finish(accept("stripe", "s-0", "{\"type\":\"charge.refunded\"}"), new Completion.Completed(0, 0));
		get("/tao/deliveries/stripe/s-0").expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("completed")
			.jsonPath("$.handlerCalls").isEqualTo(0)
			.jsonPath("$.unhandled").isEqualTo(true);
		// handled, failed (its handler ran) and pending deliveries are not
		for (String id : new String[] { "github/g%2F3%23x", "github/g-2", "stripe/s-1" }) {
			get("/tao/deliveries/" + id).expectStatus().isOk().expectBody().jsonPath("$.unhandled").isEqualTo(false);
		}
	}

	@Test
	void replaysOneDeliveryOrRefusesWhyNot() {
		this.client.post().uri("/tao/deliveries/github/g-2/replay").header("Authorization", TOKEN).exchange()
			.expectStatus().isAccepted().expectBody()
			.jsonPath("$.status").isEqualTo("pending");
		problem(this.client.post().uri("/tao/deliveries/github/g-2/replay").header("Authorization", TOKEN).exchange(), 409,
				"pending");
		problem(this.client.post().uri("/tao/deliveries/stripe/s-1/replay").header("Authorization", TOKEN).exchange(), 409,
				"pending");
		problem(this.client.post().uri("/tao/deliveries/github/g-1/replay").header("Authorization", TOKEN).exchange(), 410,
				"body_expired");
		problem(this.client.post().uri("/tao/deliveries/github/zzz/replay").header("Authorization", TOKEN).exchange(), 404,
				"not_found");
	}

	@Test
	void replaysWithAScopeOrRefusesAnUnknownOne() {
		problem(this.client.post().uri("/tao/deliveries/github/g-2/replay?scope=most").header("Authorization", TOKEN)
			.exchange(), 400, "invalid_request");
		get("/tao/deliveries/github/g-2").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("failed");
		this.client.post().uri("/tao/deliveries/github/g-2/replay?scope=all").header("Authorization", TOKEN).exchange()
			.expectStatus().isAccepted().expectBody()
			.jsonPath("$.status").isEqualTo("pending");
	}

	@Test
	void replaysARangeAndCountsIt() {
		this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"source\":\"github\",\"status\":\"completed\",\"from\":\"" + this.clock.instant().minusSeconds(5) + "\"}")
			.exchange().expectStatus().isAccepted().expectBody()
			.jsonPath("$.count").isEqualTo(1);
		get("/tao/deliveries/github/g%2F3%23x").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("pending");
	}

	/** t-dead: completed, its async notify dead (no retries); the store's ledger as the kernel would leave it. */
	void deadCall() {
		DeliveryRef ref = accept("github", "t-dead", "{\"n\":6}");
		io.taobus.inbox.CallLog log = this.inbox.callLog(ref);
		io.taobus.tao.Trigram push = io.taobus.tao.Trigram.of("push", "received", "github");
		log.called(new io.taobus.tao.HandlerCall(new io.taobus.tao.CallId("3".repeat(32)), "0",
				io.taobus.tao.AppCon.of(push, null), new io.taobus.tao.HandlerInfo(push, io.taobus.tao.HandlerKind.ASYNC,
						"notify"), io.taobus.tao.Outcome.ERROR, 3_000_000, new IllegalStateException("chat is down"),
				io.taobus.tao.AsyncRetries.NONE));
		this.inbox.finished(ref, new Completion.Completed(1, 1), log.records());
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.inbox.calls("github", "t-dead").size() == 1);
	}

	@Test
	void listsTheDeliveriesWithAFailingCallOfAHandlerOrAnErrorClass() {
		deadCall();
		get("/tao/deliveries?handler=notify").expectStatus().isOk().expectBody()
			.jsonPath("$.deliveries[*].deliveryId").isEqualTo(List.of("t-dead"));
		get("/tao/deliveries?errorClass=java.lang.IllegalStateException&source=github&status=completed").expectStatus().isOk()
			.expectBody().jsonPath("$.deliveries[*].deliveryId").isEqualTo(List.of("t-dead"));
		// an unknown handler is no error: nothing has a failing call of it
		get("/tao/deliveries?handler=no-such-handler").expectStatus().isOk().expectBody()
			.jsonPath("$.deliveries").isEmpty();
		get("/tao/deliveries?handler=notify&errorClass=java.lang.Error").expectStatus().isOk().expectBody()
			.jsonPath("$.deliveries").isEmpty();
		// a bad value says which and why
		problem(get("/tao/deliveries?handler="), 400, "invalid_request").expectBody()
			.jsonPath("$.detail").isEqualTo("handler must not be blank");
		problem(get("/tao/deliveries?errorClass=" + "x".repeat(501)), 400, "invalid_request").expectBody()
			.jsonPath("$.detail").isEqualTo("errorClass must be at most 500 characters");
		problem(this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"preview\":false}").exchange(), 400, "invalid_request")
			.expectBody().jsonPath("$.detail").isEqualTo("give at least one of source, status, from, to, handler and errorClass");
	}

	@Test
	void aBulkReplayTakesWhatFailedByDefaultAndPreviewsItsCount() {
		deadCall();
		// g-2 failed, t-dead completed with a dead call; g/3#x completed and nothing failed in it
		this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"source\":\"github\",\"preview\":true}")
			.exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.count").isEqualTo(2)
			.jsonPath("$.preview").isEqualTo(true);
		this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"preview\":true}").exchange().expectStatus().isOk().expectBody().jsonPath("$.count").isEqualTo(2);
		get("/tao/deliveries/github/g-2").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("failed");
		this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"handler\":\"no-such-handler\"}").exchange().expectStatus().isAccepted().expectBody()
			.jsonPath("$.count").isEqualTo(0);
		this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"handler\":\"notify\",\"errorClass\":\"java.lang.IllegalStateException\"}")
			.exchange().expectStatus().isAccepted().expectBody()
			.jsonPath("$.count").isEqualTo(1)
			.jsonPath("$.preview").isEqualTo(false);
		get("/tao/deliveries/github/t-dead").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("pending");
		this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"source\":\"github\"}").exchange().expectStatus().isAccepted().expectBody()
			.jsonPath("$.count").isEqualTo(1);
		get("/tao/deliveries/github/g-2").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("pending");
		get("/tao/deliveries/github/g%2F3%23x").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("completed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"preview\":false}", "{\"handler\":\" \"}", "{\"errorClass\":\"\"}",
			"{\"preview\":\"maybe\",\"source\":\"github\"}", "{\"status\":\"failed\",\"handler\":\"HANDLER\"}" })
	void refusesABadReplayFilterByCall(String body) {
		problem(this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body.replace("HANDLER", "h".repeat(501))).exchange(), 400,
				"invalid_request");
		get("/tao/deliveries/github/g-2").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("failed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"status\":\"pending\"}", "{\"status\":\"bogus\"}", "{\"from\":\"yesterday\"}",
			"{\"from\":\"2026-11-30T06:00:00Z\",\"to\":\"2026-11-30T05:00:00Z\"}", "{\"source\":\"  \"}", "{not json",
			"{\"status\":\"failed\",\"scope\":\"most\"}", "{\"scope\":\"all\"}" })
	void refusesABadReplayFilter(String body) {
		problem(this.client.post().uri("/tao/deliveries/replay").header("Authorization", TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), 400, "invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "status=bogus", "status=", "limit=-1", "limit=0", "limit=501", "limit=ten", "cursor=xyz",
			"cursor=ZDA", "since=yesterday", "since=2026-13-01T00:00:00Z", "source=", "handler=", "handler=%20",
			"errorClass=", "errorClass=LONG" })
	void refusesABadListParameter(String query) {
		problem(get("/tao/deliveries?" + query.replace("LONG", "x".repeat(501))), 400, "invalid_request");
	}

	@Test
	void refusesABadBodyFlag() {
		problem(get("/tao/deliveries/github/g-2?body=maybe"), 400, "invalid_request");
	}

	@Test
	void everyEndpointNeedsTheToken() {
		for (WebTestClient.RequestHeadersSpec<?> request : java.util.List.of(this.client.get().uri("/tao/deliveries"),
				this.client.get().uri("/tao/deliveries/github/g-2"),
				this.client.post().uri("/tao/deliveries/github/g-2/replay"),
				this.client.post().uri("/tao/deliveries/replay").header("Authorization", "Bearer wrong")
					.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"status\":\"failed\"}"))) {
			problem(request.exchange(), 401, "unauthorized").expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"taobus\"");
		}
		// nothing was replayed by the refused requests
		get("/tao/deliveries/github/g-2").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("failed");
	}

	@Test
	void anUnreachableStoreIs503WithRetryAfter() {
		Inbox down = (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
				(proxy, method, args) -> {
					throw new InboxUnavailableException("database down", Duration.ofSeconds(7));
				});
		WebTestClient downClient = WebTestClient.bindToController(new DeliveriesController(down, new ApiTokens(List.of("operator-token"), Map.of()), new StoreCalls()))
			.controllerAdvice(new OperatorProblems())
			.build();
		problem(downClient.get().uri("/tao/deliveries").header("Authorization", TOKEN).exchange(), 503, "unavailable")
			.expectHeader().valueEquals("Retry-After", "7");
		problem(downClient.get().uri("/tao/deliveries/github/g-2").header("Authorization", TOKEN).exchange(), 503,
				"unavailable");
	}

	static WebTestClient.ResponseSpec problem(WebTestClient.ResponseSpec response, int status, String outcome) {
		response.expectStatus().isEqualTo(status)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.outcome").isEqualTo(outcome)
			.jsonPath("$.status").isEqualTo(status)
			.jsonPath("$.detail").exists();
		return response;
	}

}
