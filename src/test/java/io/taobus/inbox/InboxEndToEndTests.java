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
 * The service on its default store, the embedded H2 file (in a fresh directory), through real HTTP: a
 * delivery is answered 202, its row reaches {@code completed} with its handler's call counted, a copy
 * is 200 duplicate; a failing delivery is {@code failed} and its resend runs again as attempt 2; an
 * operator's replay runs it again with {@code replay: true}; an operator finds a failing handler and
 * replays its failures by handler; the inbox shows in readiness, metrics and the OpenAPI document.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "taobus.inbox.type=jdbc", "taobus.inbox.claim-interval=200ms", "taobus.example.enabled=false" })
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(InboxHttp.Config.class)
class InboxEndToEndTests {

	@DynamicPropertySource
	static void freshDirectory(DynamicPropertyRegistry registry) {
		InboxHttp.freshDirectory(registry);
	}

	@Autowired
	WebTestClient client;

	@Autowired
	InboxHttp.Handlers handlers;

	@Autowired
	Inbox inbox;

	@Test
	void aDeliveryIsStoredCompletedAndDedupedOnTheEmbeddedStore() {
		assertThat(this.inbox).isInstanceOf(JdbcInbox.class);
		InboxHttp.deliver(this.client, "e2e-1", "push").expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "e2e-1").equals("completed"));
		InboxHttp.delivery(this.client, "e2e-1")
			.jsonPath("$.attempts").isEqualTo(1)
			.jsonPath("$.handlerCalls").isEqualTo(1)
			.jsonPath("$.term").isEqualTo("push")
			.jsonPath("$.headers['x-github-event']").isEqualTo("push");
		InboxHttp.deliver(this.client, "e2e-1", "push").expectStatus().isOk().expectBody()
			.jsonPath("$.duplicate").isEqualTo(true);
		assertThat(this.handlers.runsOf("e2e-1")).isEqualTo(1);
		// an operator's replay of the whole cascade runs it again, and the handler can tell (a replay of the
		// default scope would skip it: it completed)
		this.client.post().uri("/tao/deliveries/github/e2e-1/replay?scope=all").header("Authorization", InboxHttp.TOKEN).exchange()
			.expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.handlers.runsOf("e2e-1") == 2);
		assertThat(this.handlers.runs.stream().filter((run) -> run.deliveryId().equals("e2e-1")).toList().get(1).replay())
			.isTrue();
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "e2e-1").equals("completed"));
	}

	@Test
	void aFailedDeliveryRunsAgainWhenResent() {
		InboxHttp.deliver(this.client, "e2e-2", "explode").expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "e2e-2").equals("failed"));
		InboxHttp.delivery(this.client, "e2e-2").jsonPath("$.lastError").isEqualTo("java.lang.IllegalStateException: exploded");
		this.handlers.armed = false;
		InboxHttp.deliver(this.client, "e2e-2", "explode").expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "e2e-2").equals("completed"));
		InboxHttp.delivery(this.client, "e2e-2").jsonPath("$.attempts").isEqualTo(2);
		assertThat(this.handlers.runs.stream().filter((run) -> run.deliveryId().equals("e2e-2")).map((run) -> run.attempt()))
			.containsExactly(1, 2);
	}

	@Test
	void anOperatorFindsAFailingHandlerAndReplaysItsFailuresOnceFixed() {
		InboxHttp.operatorReplaysAFixedHandlersFailures(this.client, this.handlers, "e2e-4");
	}

	@Test
	void theInboxIsInReadinessMetricsAndTheApiDocument() {
		InboxHttp.deliver(this.client, "e2e-3", "push").expectStatus().isAccepted();
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.components.inbox.status").isEqualTo("UP");
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.components.inbox").doesNotExist();
		String metrics = this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(metrics).contains("taobus_inbox_commit_seconds_count", "taobus_inbox_batch_size_deliveries_count",
				"taobus_inbox_pending_deliveries", "taobus_inbox_recovered_total", "taobus_inbox_dead_total");
		this.client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.paths['/tao/deliveries'].get.responses['400']").exists()
			.jsonPath("$.paths['/tao/deliveries/{source}/{deliveryId}'].get.responses['404']").exists()
			.jsonPath("$.paths['/tao/deliveries/{source}/{deliveryId}/replay'].post.responses['410']").exists()
			.jsonPath("$.paths['/tao/deliveries/replay'].post.responses['202']").exists()
			.jsonPath("$.paths['/tao/deliveries/replay'].post.responses['200']").exists()
			.jsonPath("$.paths['/tao/handlers'].get.responses['200']").exists()
			.jsonPath("$.paths['/tao/handlers'].get.security[0].bearer").exists()
			.jsonPath("$.paths['/tao/deliveries'].get.security[0].bearer").exists();
	}

}
