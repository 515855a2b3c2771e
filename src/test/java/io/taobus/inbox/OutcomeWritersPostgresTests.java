package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On PostgreSQL the inbox settles finished deliveries with two outcome writers, sharded by row: a row
 * whose update waits (here on another transaction's lock, as it would on a slow page or a vacuum) holds
 * back only its own writer's outcomes, and the other writer keeps settling the rest. With one writer, the
 * whole node's outcomes waited behind it, the backlog grew, and the node refused new deliveries.
 */
class OutcomeWritersPostgresTests {

	private final PostgresInbox store = new PostgresInbox(InboxSettings.defaults(), Clock.systemUTC());

	private final Inbox inbox = this.store.inbox();

	@AfterEach
	void close() throws SQLException {
		this.store.close();
	}

	@Test
	void aRowWhoseUpdateWaitsHoldsBackOnlyItsOwnWritersOutcomes() throws Exception {
		DeliveryRef first = accept("first");
		DeliveryRef second = accept("second");
		assertThat(Math.floorMod(second.id() - first.id(), 2L)).as("consecutive rows, so one to each writer").isEqualTo(1);
		try (Connection other = this.store.dataSource().getConnection(); Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			statement.executeQuery("SELECT id FROM inbox_delivery WHERE delivery_id = 'first' FOR UPDATE").close();
			this.inbox.finished(first, new Completion.Completed(1, 0));
			this.inbox.finished(second, new Completion.Completed(1, 0));

			await().atMost(Duration.ofSeconds(10)).until(() -> status("second") == DeliveryStatus.COMPLETED);
			assertThat(status("first")).as("its writer waits for the lock").isEqualTo(DeliveryStatus.PENDING);
			other.rollback();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> status("first") == DeliveryStatus.COMPLETED);
		assertThat(this.inbox.find("github", "first", false).orElseThrow().attempts()).isEqualTo(1);
	}

	private DeliveryRef accept(String id) {
		NewDelivery delivery = new NewDelivery("github", id, "push", "received", "github", null, Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), Instant.now());
		return ((Admission.Accepted) this.inbox.accept(delivery).toCompletableFuture().join()).ref();
	}

	private DeliveryStatus status(String id) {
		return this.inbox.find("github", id, false).orElseThrow().status();
	}

}
