package io.taobus.webhook;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.taobus.handler.TaoInline;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 429 with {@code Retry-After} while the kernel is saturated, 503 once it is closing; in both cases
 * the refused delivery is not remembered, so its retry is accepted rather than taken for a duplicate.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "taobus.kernel.max-pending-dispatches=1", "taobus.example.enabled=false" })
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(ThrottlingTests.Blocking.class)
@DirtiesContext
class ThrottlingTests {

	@Autowired
	WebTestClient client;

	@Autowired
	Kernel kernel;

	@Autowired
	Blocking blocking;

	WebTestClient.ResponseSpec post(String term, String key) {
		return this.client.post()
			.uri("/tao/appcons")
			.header("Authorization", "Bearer test-api-token")
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("term", term, "action", "a", "orient", "o"))
			.exchange();
	}

	@Test
	void saturationIs429ThenTheRetryIsAcceptedAndClosingIs503() throws Exception {
		post("Block", "first").expectStatus().isAccepted();
		assertThat(this.blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
		post("Other", "second").expectStatus().isEqualTo(429)
			.expectHeader().valueEquals("Retry-After", "1")
			.expectBody().jsonPath("$.outcome").isEqualTo("throttled");
		// saturated still serves: readiness stays up (a burst must not take every replica out of the Service)
		this.client.get().uri("/readyz").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.components.tao.status").isEqualTo("UP");
		this.blocking.release.countDown();
		assertThat(this.kernel.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
		post("Other", "second").expectStatus().isAccepted();
		this.kernel.close();
		post("Other", "third").expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "1");
		this.client.get().uri("/readyz").exchange().expectStatus().isEqualTo(503);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Blocking {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@TaoInline(term = "Block")
		void block() throws InterruptedException {
			this.entered.countDown();
			this.release.await(10, TimeUnit.SECONDS);
		}

	}

}
