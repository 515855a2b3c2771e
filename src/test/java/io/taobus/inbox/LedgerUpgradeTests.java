package io.taobus.inbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.CallId;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.Outcome;
import io.taobus.tao.PriorCall;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database the inbox migrated to V3 and filled with deliveries in every status and their ledger of handler
 * calls in every status upgrades to V4 (results of completed calls, skipped calls, delivery retries)
 * through {@link InboxMigrations#migrate}, on the embedded H2 file and on PostgreSQL: every row and column
 * of both tables is as it was, the new columns empty; a call recorded before V4 has no result, so a rerun
 * runs it again, while the calls recorded after it are skipped; a retry of V3 is claimed as before.
 */
class LedgerUpgradeTests {

	static final Trigram PUSH = Trigram.of("push", "received", "github");

	@TempDir
	Path directory;

	/** Keeps a completed call's result as its handler's name, read back as a call that chained nothing. */
	static final CallResults NAMES = new CallResults() {

		@Override
		public @Nullable String encode(HandlerCall call) {
			return call.handler().name();
		}

		@Override
		public @Nullable PriorCall decode(String result) {
			return PriorCall.chained(null);
		}

	};

	@Test
	void anH2FileFilledAtV3UpgradesWithNothingLost() throws Exception {
		InboxMigrationUpgradeTests.onH2File(this.directory, this::upgrade);
	}

	@Test
	void aPostgresDatabaseFilledAtV3UpgradesWithNothingLost() throws Exception {
		InboxMigrationUpgradeTests.onFreshPostgres("taobus_upgrade_v4_", this::upgrade);
	}

	private void upgrade(HikariDataSource pool) throws Exception {
		InboxMigrationUpgradeTests.migrateTo(pool, "3");
		InboxMigrationUpgradeTests.fill(pool);
		fillLedger(pool);
		List<List<Object>> deliveries = InboxMigrationUpgradeTests.rows(pool);
		List<List<Object>> calls = InboxMigrationUpgradeTests.rows(pool, "inbox_handler_call");
		assertThat(calls).hasSize(4 * 4 * InboxMigrationUpgradeTests.PER_STATUS);

		assertThat(InboxMigrations.migrate(pool, InboxMigrations.HISTORY_TABLE)).as("V4 and V5").isEqualTo(2);

		assertThat(InboxMigrationUpgradeTests.rows(pool, deliveries)).isEqualTo(deliveries);
		assertThat(InboxMigrationUpgradeTests.rows(pool, "inbox_handler_call", calls)).isEqualTo(calls);
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT COUNT(*) FROM inbox_handler_call WHERE result IS NOT NULL");
			rs.next();
			assertThat(rs.getLong(1)).isZero();
			rs = statement.executeQuery("SELECT COUNT(*) FROM inbox_delivery WHERE rerun_from <> 0 OR retries <> 0 "
					+ "OR retry_at IS NOT NULL");
			rs.next();
			assertThat(rs.getLong(1)).isZero();
		}
		assertThat(InboxMigrations.migrate(pool, InboxMigrations.HISTORY_TABLE)).isZero();

		JdbcInbox inbox = new JdbcInbox(pool, InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		try {
			// a V3 call completed without a result: a rerun runs it again
			DeliveryRecord pending = inbox.find("github", "pending-1", false).orElseThrow();
			DeliveryRef ref = new DeliveryRef(pending.id(), "github", "pending-1", pending.attempts());
			assertThat(inbox.completedCalls(ref)).isEmpty();
			CallLog log = inbox.callLog(ref).keeping(NAMES).skipping(inbox.completedCalls(ref));
			assertThat(log.priorCalls()).isNull();
			HandlerCall build = new HandlerCall(new CallId("a".repeat(32)), "0", AppCon.of(PUSH, null),
					new HandlerInfo(PUSH, HandlerKind.INLINE, "build"), Outcome.SUCCESS, 1_000_000, null, AsyncRetries.NONE);
			log.called(build);
			log.skipped(new HandlerCall(new CallId("b".repeat(32)), "0", AppCon.of(PUSH, null),
					new HandlerInfo(PUSH, HandlerKind.INLINE, "ship"), Outcome.SUCCESS, 0, null, AsyncRetries.NONE));
			inbox.finished(ref, new Completion.Completed(2, 0), log.records());
			await().atMost(Duration.ofSeconds(20)).until(() -> inbox.calls("github", "pending-1").size() == 6);
			assertThat(inbox.calls("github", "pending-1")).extracting(CallRecord::status).contains(CallStatus.SKIPPED);
			// the call recorded after the upgrade, with its result, is what a later rerun skips
			assertThat(inbox.completedCalls(ref)).extracting(CallRecord::callId).containsExactly("a".repeat(32));
			assertThat(inbox.callLog(ref).keeping(NAMES).skipping(inbox.completedCalls(ref)).priorCalls()
				.prior(new CallId("a".repeat(32)))).isEqualTo(PriorCall.chained(null));
			// a V3 retry is claimed as before (but pending-1's, which its rerun above superseded)
			assertThat(inbox.claimDueRetries(1000)).hasSize(4 * InboxMigrationUpgradeTests.PER_STATUS - 1);
		}
		finally {
			inbox.close();
		}
	}

	/** Four calls of each delivery, one in each status of V3, every column set (nullable ones both ways). */
	static void fillLedger(DataSource pool) throws SQLException {
		String sql = "INSERT INTO inbox_handler_call (delivery_row, call_id, hop, trigram, handler, kind, attempt, status, "
				+ "outcome, started_at, duration_micros, error_class, message, fingerprint, due_at, owner_node, lease_until) "
				+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
		List<Long> rows = new java.util.ArrayList<>();
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT id FROM inbox_delivery ORDER BY id");
			while (rs.next()) {
				rows.add(rs.getLong(1));
			}
		}
		try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(sql)) {
			for (long row : rows) {
				String[] statuses = { "completed", "failed", "retrying", "dead" };
				for (int i = 0; i < statuses.length; i++) {
					boolean failed = i > 0;
					insert.setLong(1, row);
					insert.setString(2, String.format("%032x", row * 4 + i));
					insert.setString(3, (i == 0) ? "0" : "0.a" + i);
					insert.setString(4, "push|received|github");
					insert.setString(5, "handler-" + i);
					insert.setString(6, (i < 2) ? "inline" : "async");
					insert.setInt(7, 1 + i);
					insert.setString(8, statuses[i]);
					insert.setString(9, failed ? "error" : "success");
					insert.setObject(10, now.minusSeconds(i));
					insert.setLong(11, 1000L * i);
					insert.setString(12, failed ? "java.lang.IllegalStateException" : null);
					insert.setString(13, failed ? "down " + row : null);
					insert.setString(14, failed ? "0123456789abcdef" : null);
					insert.setObject(15, statuses[i].equals("retrying") ? now.minusMinutes(1) : null);
					insert.setString(16, null);
					insert.setObject(17, null);
					insert.addBatch();
				}
			}
			insert.executeBatch();
		}
	}

}
