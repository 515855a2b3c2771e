package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention ({@link Maintenance#purge()}) on a real database, run by {@link RetentionH2Tests} and
 * {@link RetentionPostgresTests}: a purge that meets a row a concurrent replay or resend is making
 * {@code pending} waits for that transaction and then leaves the row alone, and one round goes on while
 * there is work, within its budget, rather than stopping after a fixed number of batches.
 */
abstract class RetentionContractTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final byte[] BODY = "{\"kept\":true}".getBytes(StandardCharsets.UTF_8);

	final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	/** The migrated, empty database of this test. */
	abstract DataSource dataSource();

	/** Sessions of this database waiting for a lock another holds. */
	abstract int blockedSessions(Connection connection) throws SQLException;

	/** A FROM item of the numbers 1 to n in a column {@code x}. */
	abstract String series(int n);

	private static InboxSettings settings(Duration retention, Duration dedupeWindow, Duration failedRetention) {
		return new InboxSettings("retention", Duration.ofSeconds(30), 5, retention, dedupeWindow, failedRetention, 64,
				Duration.ofMillis(2), 1000, Duration.ofSeconds(5));
	}

	@Test
	void aReplayCommittedWhileThePurgeWaitsKeepsItsBody() throws Exception {
		InboxSettings settings = settings(Duration.ofDays(1), Duration.ofDays(30), Duration.ofDays(30));
		long id = insert("replayed", "completed", this.clock.instant().minus(Duration.ofDays(2)));
		Purged purged = purgeWhile(settings, (holder) -> Maintenance.markReplay(holder, List.of(id), ReplayScope.FAILED));
		assertThat(purged).isEqualTo(new Purged(0, 0));
		assertThat(row("replayed")).isEqualTo(new Row("pending", true));
	}

	@Test
	void aReplayCommittedWhileThePurgeWaitsKeepsItsRow() throws Exception {
		InboxSettings settings = settings(Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(30));
		long id = insert("replayed", "completed", this.clock.instant().minus(Duration.ofDays(2)));
		Purged purged = purgeWhile(settings, (holder) -> Maintenance.markReplay(holder, List.of(id), ReplayScope.FAILED));
		assertThat(purged).isEqualTo(new Purged(0, 0));
		assertThat(row("replayed")).isEqualTo(new Row("pending", true));
	}

	@Test
	void aResendCommittedWhileThePurgeWaitsKeepsItsRow() throws Exception {
		InboxSettings settings = settings(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(1));
		insert("resent", "failed", this.clock.instant().minus(Duration.ofDays(2)));
		Admissions admissions = new Admissions(SqlDialect.of(dataSource()), settings);
		NewDelivery resend = new NewDelivery("github", "resent", "push", "received", "github", "application/json",
				Map.of(), BODY, this.clock.instant());
		Purged purged = purgeWhile(settings, (holder) -> {
			assertThat(admissions.decide(holder, List.of(resend)).getFirst()).isInstanceOf(Admission.Rerun.class);
		});
		assertThat(purged).isEqualTo(new Purged(0, 0));
		assertThat(row("resent")).isEqualTo(new Row("pending", true));
	}

	@Test
	void aRecordedResponseOutlivesItsBody() throws Exception {
		InboxSettings settings = settings(Duration.ofDays(1), Duration.ofDays(30), Duration.ofDays(30));
		long old = insert("answered", "completed", this.clock.instant().minus(Duration.ofDays(2)));
		long recent = insert("fresh", "completed", this.clock.instant());
		try (Connection connection = dataSource().getConnection();
				PreparedStatement respond = connection.prepareStatement("UPDATE inbox_delivery SET response = ?")) {
			respond.setBytes(1, BODY);
			assertThat(respond.executeUpdate()).isEqualTo(2);
		}
		assertThat(new Maintenance(dataSource(), settings, this.clock).purge()).isEqualTo(new Purged(1, 0));
		assertThat(row("answered")).isEqualTo(new Row("completed", false));
		// a repeated request is answered its response for as long as the row dedupes it
		assertThat(response(old)).isEqualTo(BODY);
		assertThat(response(recent)).isEqualTo(BODY);
	}

	@Test
	void aCompletedDeliveryWithADeadCallKeepsItsBodyAndRowUntilFailedRetention() throws Exception {
		InboxSettings settings = settings(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));
		Instant tenDaysAgo = this.clock.instant().minus(Duration.ofDays(10));
		call(insert("dead-call", "completed", tenDaysAgo), "c1", 1, "dead");
		// a dead call replayed since, and completed: nothing waits any more
		long replayed = insert("replayed-call", "completed", tenDaysAgo);
		call(replayed, "c2", 1, "dead");
		call(replayed, "c2", 2, "completed");
		long retrying = insert("retrying-call", "completed", tenDaysAgo);
		call(retrying, "c3", 1, "retrying");
		insert("plain", "completed", tenDaysAgo);
		assertThat(new Maintenance(dataSource(), settings, this.clock).purge()).isEqualTo(new Purged(0, 2));
		assertThat(row("dead-call")).as("its dead call can be replayed: row and body kept").isEqualTo(new Row("completed", true));
		assertThat(row("retrying-call")).isEqualTo(new Row("completed", true));
		assertThat(row("replayed-call")).isNull();
		assertThat(row("plain")).isNull();

		// past failed retention, a dead call goes as a dead delivery would
		this.clock.advance(Duration.ofDays(21));
		assertThat(new Maintenance(dataSource(), settings, this.clock).purge()).isEqualTo(new Purged(0, 1));
		assertThat(row("dead-call")).isNull();
		assertThat(row("retrying-call")).as("a pending retry still needs it").isEqualTo(new Row("completed", true));
	}

	/** A ledger row of a delivery's call. */
	private void call(long deliveryRow, String callId, int attempt, String status) throws SQLException {
		try (Connection connection = dataSource().getConnection();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO inbox_handler_call (delivery_row, "
						+ "call_id, hop, trigram, handler, kind, attempt, status, outcome, started_at, duration_micros) "
						+ "VALUES (?, ?, '0', 'push|received|github', 'crm', 'async', ?, ?, ?, ?, 10)")) {
			insert.setLong(1, deliveryRow);
			insert.setString(2, callId.repeat(16));
			insert.setInt(3, attempt);
			insert.setString(4, status);
			insert.setString(5, status.equals("completed") ? "success" : "error");
			insert.setObject(6, DeliveryRows.timestamp(this.clock.instant()));
			insert.executeUpdate();
		}
	}

	private byte @Nullable [] response(long id) throws SQLException {
		try (Connection connection = dataSource().getConnection();
				PreparedStatement select = connection.prepareStatement("SELECT response FROM inbox_delivery WHERE id = ?")) {
			select.setLong(1, id);
			try (ResultSet rs = select.executeQuery()) {
				rs.next();
				return rs.getBytes(1);
			}
		}
	}

	@Test
	void oneRoundRemovesABacklogFarBeyondTwentyBatchesWhileWithinItsBudget() throws Exception {
		InboxSettings settings = settings(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));
		Instant old = this.clock.instant().minus(Duration.ofDays(40));
		try (Connection connection = dataSource().getConnection();
				PreparedStatement fill = connection.prepareStatement("INSERT INTO inbox_delivery (source, delivery_id, status, "
						+ "attempts, term, action, orient, headers, body, received_at, completed_at) SELECT 'bulk', CONCAT('b', x), "
						+ "CASE WHEN MOD(x, 5) = 0 THEN 'failed' ELSE 'completed' END, 1, 'push', 'received', 'github', '', ?, ?, ? "
						+ "FROM " + series(50_000))) {
			fill.setBytes(1, BODY);
			fill.setObject(2, DeliveryRows.timestamp(old));
			fill.setObject(3, DeliveryRows.timestamp(old));
			assertThat(fill.executeUpdate()).isEqualTo(50_000);
		}
		insert("recent", "completed", this.clock.instant());
		insert("running", "pending", old);

		Purged cut = new Maintenance(dataSource(), settings, this.clock, Duration.ZERO).purge();
		assertThat(cut).as("a round past its budget stops after one batch of each rule, and says so")
			.isEqualTo(new Purged(Maintenance.BATCH, 2 * Maintenance.BATCH, true));
		// the deletes go first: the bodies of the rows they delete are not emptied in vain

		Purged round = new Maintenance(dataSource(), settings, this.clock, Duration.ofMinutes(10)).purge();
		assertThat(round).isEqualTo(new Purged(0, 50_000 - 2 * Maintenance.BATCH, false));
		assertThat(count()).isEqualTo(2);
		assertThat(row("recent")).isEqualTo(new Row("completed", true));
		assertThat(row("running")).isEqualTo(new Row("pending", true));
	}

	/**
	 * Runs a purge while another transaction holds a row it changes: once the purge waits for that row's
	 * lock, the holder commits, and the purge's result is returned.
	 */
	private Purged purgeWhile(InboxSettings settings, Holder hold) throws Exception {
		this.clock.advance(Duration.ofMillis(1));
		Maintenance maintenance = new Maintenance(dataSource(), settings, this.clock);
		try (Connection holder = dataSource().getConnection(); Connection watcher = dataSource().getConnection()) {
			holder.setAutoCommit(false);
			hold.hold(holder);
			CompletableFuture<Purged> purging = new CompletableFuture<>();
			Thread.ofVirtual().start(() -> {
				try {
					purging.complete(maintenance.purge());
				}
				catch (Throwable ex) {
					purging.completeExceptionally(ex);
				}
			});
			await().atMost(WAIT).until(() -> purging.isDone() || blockedSessions(watcher) > 0);
			assertThat(purging).as("the purge waits for the row the open transaction changed").isNotDone();
			holder.commit();
			return purging.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	private long insert(String deliveryId, String status, Instant at) throws SQLException {
		try (Connection connection = dataSource().getConnection();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO inbox_delivery (source, delivery_id, "
						+ "status, attempts, term, action, orient, headers, body, received_at, completed_at) "
						+ "VALUES ('github', ?, ?, 1, 'push', 'received', 'github', '', ?, ?, ?)",
						Statement.RETURN_GENERATED_KEYS)) {
			insert.setString(1, deliveryId);
			insert.setString(2, status);
			insert.setBytes(3, BODY);
			insert.setObject(4, DeliveryRows.timestamp(at));
			insert.setObject(5, status.equals("pending") ? null : DeliveryRows.timestamp(at));
			insert.executeUpdate();
			try (ResultSet keys = insert.getGeneratedKeys()) {
				keys.next();
				return keys.getLong(1);
			}
		}
	}

	private @Nullable Row row(String deliveryId) throws SQLException {
		try (Connection connection = dataSource().getConnection();
				PreparedStatement select = connection.prepareStatement(
						"SELECT status, body FROM inbox_delivery WHERE source = 'github' AND delivery_id = ?")) {
			select.setString(1, deliveryId);
			try (ResultSet rs = select.executeQuery()) {
				return rs.next() ? new Row(rs.getString(1), rs.getBytes(2) != null) : null;
			}
		}
	}

	private long count() throws SQLException {
		try (Connection connection = dataSource().getConnection();
				Statement select = connection.createStatement();
				ResultSet rs = select.executeQuery("SELECT COUNT(*) FROM inbox_delivery")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private record Row(String status, boolean body) {
	}

	@FunctionalInterface
	private interface Holder {

		void hold(Connection connection) throws SQLException;

	}

}
