package io.taobus.inbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service on a real PostgreSQL (a fresh database, reached through a {@link TcpProxy}), through
 * real HTTP: 202 then the row completed; with the database taken away a delivery is 503 with
 * {@code Retry-After}, nothing stored, and readiness is DOWN (liveness is not); once it is back the
 * sender's retry is 202 (not a duplicate) and completes. An operator finds a failing handler and replays
 * its failures by handler.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "taobus.inbox.type=jdbc", "taobus.example.enabled=false" })
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(InboxHttp.Config.class)
@DirtiesContext
class InboxPostgresEndToEndTests {

	static String database;

	static TcpProxy proxy;

	@Autowired
	WebTestClient client;

	@Autowired
	Inbox inbox;

	@Autowired
	InboxHttp.Handlers handlers;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws Exception {
		database = TestPostgres.createDatabase("taobus_e2e_");
		proxy = TestPostgres.proxy();
		registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database);
		registry.add("spring.datasource.username", () -> TestPostgres.USER);
		registry.add("spring.datasource.password", () -> TestPostgres.PASSWORD);
	}

	@AfterAll
	static void dropDatabase() throws Exception {
		if (proxy != null) {
			proxy.close();
		}
		if (database != null) {
			TestPostgres.dropDatabase(database);
		}
	}


	@Test
	void anOperatorFindsAFailingHandlerAndReplaysItsFailuresOnceFixed() {
		InboxHttp.operatorReplaysAFixedHandlersFailures(this.client, this.handlers, "pg-ops");
	}

	@Test
	void storesOnPostgresRefusesWhileItIsDownAndResumesWhenItIsBack() throws Exception {
		assertThat(this.inbox).isInstanceOf(JdbcInbox.class);
		InboxHttp.deliver(this.client, "pg-1", "push").expectStatus().isAccepted();
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "pg-1").equals("completed"));
		InboxHttp.deliver(this.client, "pg-1", "push").expectStatus().isOk();

		proxy.down();
		InboxHttp.deliver(this.client, "pg-2", "push").expectStatus().isEqualTo(503)
			.expectHeader().exists("Retry-After")
			.expectBody().jsonPath("$.outcome").isEqualTo("unavailable");
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503).expectBody()
			.jsonPath("$.components.inbox.status").isEqualTo("DOWN");
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();

		proxy.up();
		// A poll waits 5 s for its answer and a failed one is polled again: what is tested here is that
		// readiness comes back, not that one poll is answered (KeepAliveTests is about that). What
		// readiness last answered, or how the last poll failed, goes into the failure message.
		WebTestClient poller = this.client.mutate().responseTimeout(Duration.ofSeconds(5)).build();
		AtomicReference<String> readiness = new AtomicReference<>("no answer yet");
		try {
			await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> {
				try {
					EntityExchangeResult<String> answer = poller.get().uri("/actuator/health/readiness").exchange()
						.expectBody(String.class).returnResult();
					readiness.set(answer.getStatus() + " " + answer.getResponseBody());
					return answer.getStatus().value() == 200;
				}
				catch (RuntimeException ex) {
					readiness.set("a failed poll: " + ex);
					return false;
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("readiness did not come back within 45 s; it last answered " + readiness.get(), ex);
		}
		// the sender's retry: never stored, so accepted now rather than taken for a duplicate
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
			.until(() -> InboxHttp.deliver(poller, "pg-2", "push").returnResult(String.class).getStatus().value() == 202);
		await().atMost(Duration.ofSeconds(20)).until(() -> InboxHttp.status(this.client, "pg-2").equals("completed"));
		InboxHttp.delivery(this.client, "pg-2").jsonPath("$.attempts").isEqualTo(1);
	}

}
