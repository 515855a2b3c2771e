package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.taobus.E2eSupport;
import io.taobus.handler.TaoAsync;
import io.taobus.handler.TaoInline;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.Inbox;
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
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source with {@code reply.mode: inline}, over real HTTP: a delivery is stored, then answered once its
 * inline handlers returned: 202, whatever its async handlers do; 500 naming the class of an inline
 * handler that failed, the delivery {@code failed} and left to the sender's own retry, which runs it again
 * (and is answered 202 once the handler passes), taobus not retrying it as well; 202 as today when the
 * inline handlers outlast the source's timeout (held by a latch), a failure then retried by taobus; a
 * repeat is the usual 200 duplicate.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"taobus.webhooks.sources.generic.reply.mode=inline", "taobus.webhooks.sources.generic.reply.timeout=3s" })
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import({ E2eSupport.Config.class, AckAfterInlineTests.Charges.class })
class AckAfterInlineTests {

	@Autowired
	WebTestClient client;

	@Autowired
	Held held;

	@Autowired
	Inbox inbox;

	@AfterEach
	void release() {
		this.held.latches.values().forEach(CountDownLatch::countDown);
	}

	WebTestClient.ResponseSpec deliver(String body) {
		String signature = "sha256=" + Base64.getEncoder().encodeToString(E2eSupport.hmac("generic-secret", body));
		return this.client.post().uri("/webhooks/generic").contentType(MediaType.APPLICATION_JSON)
			.header("X-Action", "created").header("X-Signature", signature).bodyValue(body).exchange();
	}

	static String charge(String id) {
		return "{\"kind\":\"charge\",\"id\":\"" + id + "\"}";
	}

	@Test
	void aDeliveryIsAnswered202OnceItsInlineHandlersReturnedWhateverItsAsyncHandlersDo() {
		String id = "ok-" + UUID.randomUUID();
		deliver(charge(id)).expectStatus().isAccepted().expectBody().jsonPath("$.source").isEqualTo("generic");
		assertThat(this.held.inline(id)).as("the inline handler ran before the answer").isEqualTo(1);
		deliver(charge(id)).expectStatus().isOk().expectBody().jsonPath("$.duplicate").isEqualTo(true);
		assertThat(this.held.inline(id)).as("the repeat ran nothing").isEqualTo(1);
	}

	@Test
	void anInlineFailureIs500AndTheSendersRetryRunsItAgain() {
		String id = "fail-" + UUID.randomUUID();
		this.held.failing.put(id, Boolean.TRUE);
		deliver(charge(id)).expectStatus().isEqualTo(500)
			.expectBody()
			.jsonPath("$.outcome").isEqualTo("handler_failed")
			.jsonPath("$.detail").value((detail) -> assertThat(detail.toString())
				.endsWith("java.lang.IllegalStateException").doesNotContain("declined"));
		// the body's hash is this source's delivery id
		String deliveryId = "sha256:" + WebhookIngestion.sha256(charge(id).getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.find("generic", deliveryId, false).orElseThrow()
			.status() == DeliveryStatus.FAILED);
		assertThat(this.inbox.find("generic", deliveryId, false).orElseThrow().retryAt())
			.as("left to the sender, who was answered the failure: taobus does not retry it as well").isNull();
		this.held.failing.remove(id);
		deliver(charge(id)).expectStatus().isAccepted();
		assertThat(this.held.inline(id)).as("the retry ran it, and it passed").isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.find("generic", deliveryId, false).orElseThrow()
			.status() == DeliveryStatus.COMPLETED);
	}

	@Test
	void aFailureAfterTheTimeoutWasAnswered202AndTaobusRetriesIt() {
		String id = "late-fail-" + UUID.randomUUID();
		this.held.latch(id);
		this.held.failing.put(id, Boolean.TRUE);
		deliver(charge(id)).expectStatus().isAccepted();
		this.held.latch(id).countDown();
		String deliveryId = "sha256:" + WebhookIngestion.sha256(charge(id).getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.find("generic", deliveryId, false).orElseThrow()
			.status() == DeliveryStatus.FAILED);
		assertThat(this.inbox.find("generic", deliveryId, false).orElseThrow().retryAt())
			.as("the sender was told 202: taobus retries it").isNotNull();
	}

	@Test
	void inlineHandlersThatOutlastTheTimeoutAre202AsToday() {
		String id = "slow-" + UUID.randomUUID();
		this.held.latch(id);
		deliver(charge(id)).expectStatus().isAccepted();
		this.held.latch(id).countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.held.inline(id) == 1);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Charges {

		@Bean
		Held held() {
			return new Held();
		}

	}

	/** Charge handlers: an inline one that fails or waits on request, and an async one that always fails. */
	static class Held {

		final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

		final Map<String, Boolean> failing = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();

		CountDownLatch latch(String id) {
			return this.latches.computeIfAbsent(id, (key) -> new CountDownLatch(1));
		}

		int inline(String id) {
			return this.ran.computeIfAbsent(id, (key) -> new AtomicInteger()).get();
		}

		@TaoInline(term = "charge", orient = "generic")
		void book(Map<String, String> charge) throws InterruptedException {
			String id = charge.get("id");
			CountDownLatch latch = this.latches.get(id);
			if (latch != null) {
				latch.await(20, TimeUnit.SECONDS);
			}
			if (this.failing.containsKey(id)) {
				throw new IllegalStateException("card declined");
			}
			this.ran.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		}

		@TaoAsync(term = "charge", orient = "generic")
		void mail() {
			throw new IllegalStateException("the mail server is down");
		}

	}

}
