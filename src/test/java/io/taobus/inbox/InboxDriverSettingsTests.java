package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Pool and driver settings an application may bring along with its own DataSource, on a real
 * PostgreSQL: rewritten batch inserts (which used to fail every delivery at run time) work; a driver
 * that cannot say which rows a batch inserted stops startup, naming the setting; connections that do
 * not auto-commit lose none of the inbox's single statements to the pool's rollback.
 */
class InboxDriverSettingsTests {

	private static String database;

	@BeforeAll
	static void createDatabase() {
		database = TestPostgres.createDatabase("taobus_driver_");
		try (HikariDataSource pool = pool("")) {
			Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).load().migrate();
		}
	}

	@AfterAll
	static void dropDatabase() throws Exception {
		if (database != null) {
			TestPostgres.dropDatabase(database);
		}
	}

	private static HikariDataSource pool(String parameters) {
		return new HikariDataSource(TestPostgres.pool(database, parameters, 4));
	}

	@Test
	void rewrittenBatchInsertsStillAdmitEachDeliveryOnItsOwnRow() {
		// the admission asks for generated keys, which keeps the driver from rewriting its batches
		try (HikariDataSource pool = pool("?reWriteBatchedInserts=true")) {
			JdbcInbox inbox = new JdbcInbox(pool, InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
			try {
				List<CompletableFuture<Admission>> window = new ArrayList<>();
				for (String id : List.of("rw-1", "rw-2", "rw-3", "rw-1")) {
					window.add(inbox.accept(delivery(id)).toCompletableFuture());
				}
				List<Admission> admissions = window.stream().map(CompletableFuture::join).toList();
				assertThat(admissions.subList(0, 3)).allSatisfy((admission) -> assertThat(admission)
					.isInstanceOf(Admission.Accepted.class));
				assertThat(admissions.subList(0, 3)).extracting((admission) -> ((Admission.Accepted) admission).ref().id())
					.doesNotHaveDuplicates();
				assertThat(admissions.get(3)).isInstanceOf(Admission.Duplicate.class);
			}
			finally {
				inbox.close();
			}
		}
	}

	@Test
	void aDriverThatCannotTellWhichRowsItInsertedStopsStartup() {
		try (HikariDataSource pool = pool("")) {
			// a driver that rewrites batches answers "success, no info" for every row
			DataSource rewriting = JdbcProxies.proxy(DataSource.class, pool, JdbcProxies.Around.NONE,
					(method, args, result) -> method.getName().equals("getConnection") ? JdbcProxies.proxy(Connection.class,
							(Connection) result, JdbcProxies.Around.NONE, (call, callArgs, statement) ->
								(statement instanceof PreparedStatement prepared) ? noRowCounts(prepared) : statement)
							: result);
			assertThatThrownBy(() -> new JdbcInbox(rewriting, InboxSettings.defaults(), Clock.systemUTC(),
					InboxListener.NONE))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("reWriteBatchedInserts");
		}
	}

	private static PreparedStatement noRowCounts(PreparedStatement statement) {
		return JdbcProxies.proxy(PreparedStatement.class, statement, (method, args) -> {
			if (method.getName().equals("executeBatch")) {
				statement.executeBatch();
				return new int[] { Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO };
			}
			return null;
		}, JdbcProxies.After.NONE);
	}

	private static NewDelivery delivery(String id) {
		return new NewDelivery("github", id, "push", "received", "github", null, java.util.Map.of(),
				new byte[] { '{', '}' }, java.time.Instant.now());
	}

	@Test
	void aPoolThatDoesNotAutoCommitLosesNoReplayAndNoRenewal() {
		HikariConfig config = TestPostgres.pool(database, "", 4);
		config.setAutoCommit(false);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			JdbcInbox inbox = new JdbcInbox(pool, InboxSettings.defaults().withLeaseDuration(Duration.ofMinutes(5)),
					Clock.systemUTC(), InboxListener.NONE);
			try {
				NewDelivery delivery = delivery("no-autocommit");
				Admission admission = inbox.accept(delivery).toCompletableFuture().join();
				DeliveryRef ref = ((Admission.Accepted) admission).ref();
				assertThat(inbox.renewLeases()).isEqualTo(1);
				inbox.finished(ref, new Completion.Completed(1, 0));
				await().atMost(Duration.ofSeconds(10)).until(
						() -> inbox.find("github", "no-autocommit", false).orElseThrow().status() == DeliveryStatus.COMPLETED);
				assertThat(inbox.replay("github", "no-autocommit")).isEqualTo(ReplayOutcome.REPLAYED);
				List<ClaimedDelivery> claimed = inbox.claimExpired(10);
				assertThat(claimed).as("the replay was committed").singleElement()
					.satisfies((replayed) -> assertThat(replayed.replay()).isTrue());
			}
			finally {
				inbox.close();
			}
		}
	}

}
