package io.taobus.inbox;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service with its ledger of handler calls off ({@code taobus.inbox.ledger=false}, what bench/ledger.sh
 * measures the ledger against), through real HTTP on the embedded store: a delivery still runs its
 * handler and completes with the call counted, but leaves no call on record; a failed one is replayed
 * whole, its handler running again, since nothing recorded can be skipped.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "taobus.inbox.type=jdbc",
		"taobus.inbox.claim-interval=200ms", "taobus.example.enabled=false", "taobus.inbox.ledger=false",
		"taobus.inbox.retries=0" })
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(InboxHttp.Config.class)
class LedgerOffEndToEndTests {

	@DynamicPropertySource
	static void freshDirectory(DynamicPropertyRegistry registry) {
		InboxHttp.freshDirectory(registry);
	}

	@Autowired
	WebTestClient client;

	@Autowired
	InboxHttp.Handlers handlers;

	@Test
	void deliveriesRunAndCompleteWithNoCallOnRecord() {
		InboxHttp.deliver(this.client, "off-1", "push").expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "off-1").equals("completed"));
		assertThat(this.handlers.runsOf("off-1")).isEqualTo(1);
		InboxHttp.delivery(this.client, "off-1")
			.jsonPath("$.handlerCalls").isEqualTo(1)
			.jsonPath("$.calls").isEmpty();
	}

	@Test
	void aFailedDeliveryIsReplayedWholeWithNothingToSkip() {
		this.handlers.armed = true;
		InboxHttp.deliver(this.client, "off-2", "explode").expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "off-2").equals("failed"));
		InboxHttp.delivery(this.client, "off-2").jsonPath("$.calls").isEmpty();
		this.handlers.armed = false;
		this.client.post().uri("/tao/deliveries/github/off-2/replay").header("Authorization", InboxHttp.TOKEN)
			.exchange().expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "off-2").equals("completed"));
		assertThat(this.handlers.runsOf("off-2")).isEqualTo(2);
		InboxHttp.delivery(this.client, "off-2").jsonPath("$.calls").isEmpty();
	}

}
