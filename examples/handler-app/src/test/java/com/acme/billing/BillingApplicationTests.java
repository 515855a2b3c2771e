package com.acme.billing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import io.taobus.test.TaoRecorder;
import io.taobus.test.TaoScenario;
import io.taobus.test.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The billing application with taobus as a library: a signed Stripe event over real HTTP is stored,
 * answered 202 and booked once by the application's own handler, which takes the event as a record; and
 * the same handler tested on the kernel alone with the test kit's scenario.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "STRIPE_WEBHOOK_SECRET=whsec_test_secret")
@AutoConfigureWebTestClient
@Import(TaoRecorder.class)
class BillingApplicationTests {

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + data.resolve("billing") + ";MODE=PostgreSQL");
	}

	@Autowired
	WebTestClient client;

	@Autowired
	Payments payments;

	@Autowired
	Kernel kernel;

	@Autowired
	TaoRecorder recorder;

	@Test
	void aSignedStripeEventIsStoredAnsweredAndBookedOnceByTheHandler() {
		String body = """
				{"id":"evt_1","type":"invoice.paid","data":{"object":{"id":"in_1","customer":"cus_1","amount_paid":2000,"currency":"usd"}}}""";
		post(body).expectStatus().isAccepted().expectBody().jsonPath("$.id").isEqualTo("evt_1");
		await().atMost(Duration.ofSeconds(20)).until(() -> this.payments.booked("in_1") == 2000);
		// Stripe's retry of the same event is a duplicate: answered 200, not run again
		post(body).expectStatus().isOk().expectBody().jsonPath("$.duplicate").isEqualTo(true);
	}

	@Test
	void theHandlerOnTheKernelAlone() {
		TaoScenario.on(this.kernel, this.recorder)
			.setCtx(Trigram.of("invoice", "paid", "stripe"), Map.of("id", "evt_2", "data",
					Map.of("object", Map.of("id", "in_2", "customer", "cus_2", "amount_paid", 500, "currency", "eur"))))
			.expectCalled("Payments#book")
			.expectNoFailure();
		assertThat(this.payments.booked("in_2")).isEqualTo(500);
	}

	private WebTestClient.ResponseSpec post(String body) {
		return this.client.post().uri("/webhooks/stripe").contentType(MediaType.APPLICATION_JSON)
			.headers(WebhookSigner.stripe("whsec_test_secret").signing(body)).bodyValue(body).exchange();
	}

}
