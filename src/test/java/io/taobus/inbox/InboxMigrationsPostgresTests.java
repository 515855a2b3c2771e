package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas that start together on one PostgreSQL database migrate it once between them: the inbox's
 * migrations run under a database-wide lock, so that no replica finds the history table another has
 * just created and still empty (Flyway then refuses to baseline, and the replica fails to start). The
 * first test holds the lock itself and sees a replica wait for it before it touches the schema; the others
 * start replicas together, on an empty database and beside the host's tables.
 */
class InboxMigrationsPostgresTests {

	private static final int REPLICAS = 4;

	private static final int ROUNDS = 2;

	@Test
	void aReplicaWaitsForTheOneThatMigratesBeforeItLooksAtTheSchema() throws Exception {
		String database = TestPostgres.createDatabase("taobus_migrate_");
		try (HikariDataSource other = new HikariDataSource(TestPostgres.pool(database, "", 1));
				HikariDataSource replica = new HikariDataSource(TestPostgres.pool(database, "", 3));
				Connection migrating = other.getConnection()) {
			lock(migrating, "SELECT pg_advisory_lock(?)");
			CompletableFuture<Integer> migration = CompletableFuture
				.supplyAsync(() -> InboxMigrations.migrate(replica, InboxMigrations.HISTORY_TABLE));
			awaitWaitingOnTheLock(migrating, migration);
			assertThat(tables(migrating)).doesNotContain(InboxMigrations.HISTORY_TABLE);
			lock(migrating, "SELECT pg_advisory_unlock(?)");
			assertThat(migration.get(60, TimeUnit.SECONDS)).isPositive();
			assertThat(tables(migrating)).contains(InboxMigrations.HISTORY_TABLE, "inbox_delivery");
		}
		finally {
			TestPostgres.dropDatabase(database);
		}
	}

	@Test
	void replicasStartingTogetherOnAnEmptyDatabaseMigrateItOnce() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			startTogether(false);
		}
	}

	@Test
	void replicasStartingTogetherBesideTheHostsTablesMigrateItOnce() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			startTogether(true);
		}
	}

	private static void startTogether(boolean hostTables) throws Exception {
		String database = TestPostgres.createDatabase("taobus_migrate_");
		List<HikariDataSource> pools = new ArrayList<>();
		ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
		try {
			for (int i = 0; i < REPLICAS; i++) {
				pools.add(new HikariDataSource(TestPostgres.pool(database, "", 3)));
			}
			if (hostTables) {
				execute(pools.getFirst(), "CREATE TABLE host_orders (id BIGINT PRIMARY KEY)");
			}
			CyclicBarrier start = new CyclicBarrier(REPLICAS);
			List<CompletableFuture<Integer>> migrations = new ArrayList<>();
			for (HikariDataSource pool : pools) {
				migrations.add(CompletableFuture.supplyAsync(() -> {
					arrive(start);
					return InboxMigrations.migrate(pool, InboxMigrations.HISTORY_TABLE);
				}, replicas));
			}
			List<Integer> executed = migrations.stream().map(CompletableFuture::join).toList();
			try (Connection connection = pools.getFirst().getConnection();
					Statement statement = connection.createStatement();
					ResultSet versions = statement.executeQuery("SELECT count(*) FROM "
							+ InboxMigrations.HISTORY_TABLE + " WHERE version IS NOT NULL AND version <> '0'")) {
				versions.next();
				int applied = versions.getInt(1);
				assertThat(applied).isPositive();
				assertThat(executed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(applied);
			}
		}
		finally {
			replicas.shutdownNow();
			pools.forEach(HikariDataSource::close);
			TestPostgres.dropDatabase(database);
		}
	}

	/** Waits until another session of this database waits for the migration lock, while the migration does. */
	private static void awaitWaitingOnTheLock(Connection connection, CompletableFuture<Integer> migration) {
		String waiting = "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.datname = current_database()"
				+ " WHERE l.locktype = 'advisory' AND NOT l.granted AND l.database = d.oid"
				+ " AND ((l.classid::bigint << 32) | l.objid::bigint) = ?";
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
			assertThat(migration).as("the migration waits for the lock another session holds").isNotDone();
			try (PreparedStatement statement = connection.prepareStatement(waiting)) {
				statement.setLong(1, InboxMigrations.LOCK_KEY);
				try (ResultSet count = statement.executeQuery()) {
					count.next();
					return count.getInt(1) > 0;
				}
			}
		});
	}

	private static void lock(Connection connection, String function) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(function)) {
			statement.setLong(1, InboxMigrations.LOCK_KEY);
			statement.execute();
		}
	}

	private static List<String> tables(Connection connection) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet names = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
			while (names.next()) {
				tables.add(names.getString(1));
			}
		}
		return tables;
	}

	private static void arrive(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void execute(HikariDataSource pool, String sql) throws SQLException {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
