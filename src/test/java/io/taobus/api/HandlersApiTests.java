package io.taobus.api;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.taobus.inbox.Admission;
import io.taobus.inbox.CallLog;
import io.taobus.inbox.Completion;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.H2Inbox;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.InboxUnavailableException;
import io.taobus.inbox.MutableClock;
import io.taobus.inbox.NewDelivery;
import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.CallId;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.Kernel;
import io.taobus.tao.Outcome;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * {@code GET /tao/handlers} over a real embedded inbox, through WebFlux's dispatcher: every registration
 * with its figures from the ledger (zeros for one that never ran), then a handler on record that is no
 * longer registered, without a pattern; 401 for a missing, wrong or write-only token; 503 with
 * {@code Retry-After} when the inbox cannot be reached.
 */
class HandlersApiTests {

	static final Trigram PUSH = Trigram.of("push", "received", "github");

	final MutableClock clock = new MutableClock(Instant.now());

	final H2Inbox store = new H2Inbox(InboxSettings.defaults(), this.clock);

	final Inbox inbox = this.store.inbox();

	final Kernel kernel = Kernel.builder().build();

	final ApiTokens tokens = new ApiTokens(List.of("operator-token"), Map.of(ApiTokens.Scope.WRITE, List.of("writer-token")));

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
		this.store.close();
	}

	WebTestClient client(Inbox inbox) {
		return WebTestClient.bindToController(new HandlersController(this.kernel, inbox, this.tokens, new StoreCalls()))
			.controllerAdvice(new OperatorProblems())
			.build();
	}

	void ran(String id, HandlerCall... calls) {
		DeliveryRef ref = ((Admission.Accepted) this.inbox.accept(new NewDelivery("github", id, "push", "received", "github",
				"application/json", Map.of(), "{}".getBytes(StandardCharsets.UTF_8), this.clock.instant()))
			.toCompletableFuture().join()).ref();
		CallLog log = this.inbox.callLog(ref);
		List.of(calls).forEach(log::called);
		this.inbox.finished(ref, new Completion.Completed(calls.length, 0), log.records());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.calls("github", id).size() == calls.length);
	}

	static HandlerCall call(String handler, HandlerKind kind, @Nullable RuntimeException error) {
		return new HandlerCall(new CallId(String.format("%032x", handler.hashCode() & 0xffffffffL)), "0", AppCon.of(PUSH, null),
				new HandlerInfo(PUSH, kind, handler), (error != null) ? Outcome.ERROR : Outcome.SUCCESS, 1_000_000, error,
				AsyncRetries.NONE);
	}

	@Test
	void listsEveryRegistrationWithItsCallsOnRecordThenTheHandlersNoLongerRegistered() {
		this.kernel.addInlineHandler(PUSH, "build", (appCon) -> null);
		this.kernel.addAsyncHandler(Trigram.of("push", "*", "*"), "notify", (appCon) -> null);
		this.kernel.addInlineHandler(Trigram.of("order", "*", "*"), "idle", (appCon) -> null);
		ran("d-1", call("build", HandlerKind.INLINE, null), call("notify", HandlerKind.ASYNC, new IllegalStateException("chat is down")));
		ran("d-2", call("build", HandlerKind.INLINE, null), call("removed", HandlerKind.ASYNC, new IllegalArgumentException("x")));
		client(this.inbox).get().uri("/tao/handlers").header("Authorization", "Bearer operator-token").exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.handlers[*].handler").isEqualTo(List.of("build", "notify", "idle", "removed"))
			.jsonPath("$.handlers[0].kind").isEqualTo("inline")
			.jsonPath("$.handlers[0].pattern").isEqualTo("push|received|github")
			.jsonPath("$.handlers[0].calls").isEqualTo(2)
			.jsonPath("$.handlers[0].failed").isEqualTo(0)
			.jsonPath("$.handlers[0].lastFailure").doesNotExist()
			.jsonPath("$.handlers[1].pattern").isEqualTo("push|*|*")
			.jsonPath("$.handlers[1].calls").isEqualTo(1)
			.jsonPath("$.handlers[1].dead").isEqualTo(1)
			.jsonPath("$.handlers[1].retrying").isEqualTo(0)
			.jsonPath("$.handlers[1].lastFailure.errorClass").isEqualTo("java.lang.IllegalStateException")
			.jsonPath("$.handlers[1].lastFailure.fingerprint").exists()
			.jsonPath("$.handlers[1].lastFailure.at").exists()
			.jsonPath("$.handlers[2].calls").isEqualTo(0)
			.jsonPath("$.handlers[3].pattern").doesNotExist()
			.jsonPath("$.handlers[3].dead").isEqualTo(1);
	}

	@Test
	void needsAReadToken() {
		for (String authorization : new String[] { null, "Bearer wrong", "Bearer writer-token", "operator-token" }) {
			WebTestClient.RequestHeadersSpec<?> request = client(this.inbox).get().uri("/tao/handlers");
			if (authorization != null) {
				request = request.header("Authorization", authorization);
			}
			DeliveriesApiTests.problem(request.exchange(), 401, "unauthorized")
				.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"taobus\"");
		}
	}

	@Test
	void anUnreachableStoreIs503WithRetryAfter() {
		Inbox down = (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
				(proxy, method, args) -> {
					throw new InboxUnavailableException("database down", Duration.ofSeconds(7));
				});
		DeliveriesApiTests.problem(client(down).get().uri("/tao/handlers").header("Authorization", "Bearer operator-token")
			.exchange(), 503, "unavailable").expectHeader().valueEquals("Retry-After", "7");
	}

}
