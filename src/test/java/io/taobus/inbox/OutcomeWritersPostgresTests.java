package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On PostgreSQL the inbox settles finished deliveries with two outcome writers, sharded by row: a row
 * whose update waits (here on another transaction's lock, as it would on a slow page or a vacuum) holds
 * back only its own writer's outcomes, and the other writer keeps settling the rest. With one writer, the
 * whole node's outcomes waited behind it, the backlog grew, and the node refused new deliveries. A pool
 * too small to give the outcomes two connections beside the rest of the inbox's work (a quarter of it,
 * as for the admission writers) keeps one.
 */
class OutcomeWritersPostgresTests {

	private String database;

	private HikariDataSource pool;

	private JdbcInbox inbox;

	@AfterEach
	void close() throws SQLException {
		if (this.inbox != null) {
			this.inbox.close();
		}
		if (this.pool != null) {
			this.pool.close();
		}
		if (this.database != null) {
			TestPostgres.dropDatabase(this.database);
		}
	}

	@Test
	void aRowWhoseUpdateWaitsHoldsBackOnlyItsOwnWritersOutcomes() throws Exception {
		JdbcInbox inbox = inbox(8);
		DeliveryRef first = accept(inbox, "first");
		DeliveryRef second = accept(inbox, "second");
		assertThat(Math.floorMod(second.id() - first.id(), 2L)).as("consecutive rows, so one to each writer").isEqualTo(1);
		try (Connection other = this.pool.getConnection(); Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			statement.executeQuery("SELECT id FROM inbox_delivery WHERE delivery_id = 'first' FOR UPDATE").close();
			inbox.finished(first, new Completion.Completed(1, 0));
			inbox.finished(second, new Completion.Completed(1, 0));

			await().atMost(Duration.ofSeconds(10)).until(() -> status(inbox, "second") == DeliveryStatus.COMPLETED);
			assertThat(status(inbox, "first")).as("its writer waits for the lock").isEqualTo(DeliveryStatus.PENDING);
			other.rollback();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> status(inbox, "first") == DeliveryStatus.COMPLETED);
		assertThat(inbox.find("github", "first", false).orElseThrow().attempts()).isEqualTo(1);
	}

	@Test
	void aPoolOfFourKeepsOneOutcomeWriter() throws Exception {
		JdbcInbox inbox = inbox(4);
		DeliveryRef first = accept(inbox, "first");
		DeliveryRef second = accept(inbox, "second");
		try (Connection other = this.pool.getConnection(); Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			statement.executeQuery("SELECT id FROM inbox_delivery WHERE delivery_id = 'first' FOR UPDATE").close();
			inbox.finished(first, new Completion.Completed(1, 0));
			inbox.finished(second, new Completion.Completed(1, 0));

			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> status(inbox, "second") == DeliveryStatus.PENDING);
			other.rollback();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> status(inbox, "first") == DeliveryStatus.COMPLETED && status(inbox, "second") == DeliveryStatus.COMPLETED);
	}

	/** An inbox on a fresh, migrated database, through a Hikari pool of that size. */
	private JdbcInbox inbox(int poolSize) {
		this.database = TestPostgres.createDatabase("taobus_outcomes_");
		this.pool = new HikariDataSource(TestPostgres.pool(this.database, "", poolSize));
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
		this.inbox = new JdbcInbox(this.pool, InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		return this.inbox;
	}

	private static DeliveryRef accept(Inbox inbox, String id) {
		NewDelivery delivery = new NewDelivery("github", id, "push", "received", "github", null, Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), Instant.now());
		return ((Admission.Accepted) inbox.accept(delivery).toCompletableFuture().join()).ref();
	}

	private static DeliveryStatus status(Inbox inbox, String id) {
		return inbox.find("github", id, false).orElseThrow().status();
	}

}
