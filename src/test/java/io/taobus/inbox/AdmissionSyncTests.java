package io.taobus.inbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded store's admissions are forced to disk: after the commit of each window, and before any
 * caller of it is answered, the writer runs H2's {@code CHECKPOINT SYNC} (the only statement that
 * fsyncs its file). Seen through a data source that records, on the writer's thread, each commit and
 * each sync, and can hold or fail the sync.
 */
class AdmissionSyncTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	private HikariDataSource pool;

	private JdbcInbox inbox;

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final CountDownLatch syncing = new CountDownLatch(1);

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private volatile boolean syncFails;

	@BeforeEach
	void open() {
		this.pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(5));
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
		this.inbox = new JdbcInbox(recording(this.pool), InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
	}

	@AfterEach
	void close() {
		this.gate.countDown();
		this.inbox.close();
		this.pool.close();
	}

	@Test
	void onlyTheEmbeddedStoreNeedsASyncAfterItsCommit() {
		assertThat(SqlDialect.H2.syncAfterCommit()).isEqualTo("CHECKPOINT SYNC");
		assertThat(SqlDialect.POSTGRESQL.syncAfterCommit()).as("synchronous_commit flushes the WAL").isNull();
	}

	@Test
	void aCallerIsAnsweredOnlyOnceItsWindowIsOnDisk() throws Exception {
		this.gate = new CountDownLatch(1);
		CompletableFuture<Admission> admission = this.inbox.accept(delivery("held")).toCompletableFuture();
		assertThat(this.syncing.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(this.events).containsExactly("commit", "sync");
		assertThat(admission).as("committed, not yet forced to disk").isNotDone();
		this.gate.countDown();
		assertThat(admission.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Admission.Accepted.class);
	}

	@Test
	void everyWindowOfConcurrentCallersIsSyncedOnceAfterItsCommit() throws Exception {
		List<CompletableFuture<Admission>> admissions = new ArrayList<>();
		List<Thread> callers = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			CompletableFuture<Admission> admission = new CompletableFuture<>();
			admissions.add(admission);
			NewDelivery delivery = delivery("c-" + i);
			callers.add(Thread.ofVirtual().start(() -> this.inbox.accept(delivery).whenComplete((result, failure) -> {
				if (failure != null) {
					admission.completeExceptionally(failure);
				}
				else {
					admission.complete(result);
				}
			})));
		}
		for (Thread caller : callers) {
			caller.join();
		}
		CompletableFuture.allOf(admissions.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		long windows = this.inbox.counters().batches();
		assertThat(windows).isPositive();
		List<String> expected = new ArrayList<>();
		for (long i = 0; i < windows; i++) {
			expected.addAll(List.of("commit", "sync"));
		}
		assertThat(this.events).isEqualTo(expected);
	}

	@Test
	void aFailedSyncRefusesTheWindowWithoutWritingItAgain() {
		this.syncFails = true;
		CompletableFuture<Admission> admission = this.inbox.accept(delivery("unsynced")).toCompletableFuture();
		assertThatThrownBy(() -> admission.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.hasCauseInstanceOf(InboxUnavailableException.class);
		assertThat(this.events).as("one commit, not retried: a retry would find its rows and call them duplicates")
			.containsExactly("commit", "sync");
		this.syncFails = false;
		await().atMost(WAIT).until(() -> this.inbox.accept(delivery("unsynced")).toCompletableFuture().join(),
				(answer) -> answer instanceof Admission.Duplicate);
	}

	private static NewDelivery delivery(String id) {
		return new NewDelivery("github", id, "push", "received", "github", "application/json", Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), Instant.now());
	}

	private DataSource recording(DataSource target) {
		return proxy(DataSource.class, target, (method, args, result) -> (result instanceof Connection connection)
				? proxy(Connection.class, connection, this::connection, null) : result, null);
	}

	private Object connection(String method, Object[] args, Object result) {
		return (method.equals("createStatement") && result instanceof Statement statement) ? proxy(Statement.class, statement, (m, a, r) -> r, this::beforeStatement)
				: result;
	}

	private void beforeStatement(String method, Object[] args) throws Exception {
		if (method.equals("execute") && "CHECKPOINT SYNC".equals(args[0]) && onWriter()) {
			this.events.add("sync");
			this.syncing.countDown();
			assertThat(this.gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			if (this.syncFails) {
				throw new SQLException("disk gone", "58030");
			}
		}
	}

	private static boolean onWriter() {
		return Thread.currentThread().getName().equals("taobus-inbox-writer");
	}

	@SuppressWarnings("unchecked")
	private <T> T proxy(Class<T> type, T target, After after, @org.jspecify.annotations.Nullable Before before) {
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
			if (before != null) {
				before.before(method.getName(), args);
			}
			Object result;
			try {
				result = method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			if (method.getName().equals("commit") && onWriter()) {
				this.events.add("commit");
			}
			return after.after(method.getName(), args, result);
		});
	}

	@FunctionalInterface
	private interface After {

		Object after(String method, Object[] args, Object result);

	}

	@FunctionalInterface
	private interface Before {

		void before(String method, Object[] args) throws Exception;

	}

}
