package io.taobus.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole life of a delivery in the inbox, on a table filled to a steady state: 64 concurrent
 * clients each store a 1 KB delivery, wait for its commit (the 202), report it completed at once (a
 * cascade that takes no time) and go on, so that admissions and outcomes compete for the database as
 * they do under load. The table holds {@code prefill} completed rows before the first measurement
 * (retention's steady state at a few hundred deliveries per second). Uses only the inbox's public
 * contract ({@code accept}, {@code finished}), so that two builds can be compared with the same file. A
 * delivery the inbox refuses (503) is sent again after a millisecond, and the refusals are printed.
 * {@code database=postgresql} needs {@code TAOBUS_TEST_POSTGRES_URL} (see {@code .ci/postgres-up});
 * {@code h2mem} against {@code memory} (not pre-filled: the memory inbox keeps no completed row) is
 * the measurement behind keeping the memory inbox rather than running H2 in memory mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InboxPathBenchmark {

	static final int CLIENTS = 64;

	static final int PER_CLIENT = 32;

	/** h2 (the embedded file), postgresql, h2mem (H2 in memory mode) or memory (the MemoryInbox). */
	@Param({ "h2", "postgresql" })
	public String database;

	@Param("1000000")
	public int prefill;

	/**
	 * group: the inbox as configured by default (windows of what queued during the previous commit, the
	 * database's writers); single: one writer committing one delivery per transaction, the baseline of
	 * group commit measured in the same run.
	 */
	@Param("group")
	public String mode;

	private final AtomicLong ids = new AtomicLong();

	/** Deliveries the inbox refused (503: its writers or its outcomes behind), each sent again. */
	private final LongAdder refused = new LongAdder();

	private final byte[] body = new byte[1024];

	private HikariDataSource pool;

	private Inbox inbox;

	private Path directory;

	private String postgresDatabase;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		java.util.Arrays.fill(this.body, (byte) 'x');
		if (this.database.equals("memory")) {
			this.inbox = new MemoryInbox(InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
			return;
		}
		if (this.database.equals("h2")) {
			this.directory = Files.createTempDirectory("taobus-inbox-bench");
			this.pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(5));
		}
		else if (this.database.equals("h2mem")) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl("jdbc:h2:mem:taobus-bench;MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
			config.setMaximumPoolSize(8);
			this.pool = new HikariDataSource(config);
		}
		else {
			this.pool = postgres();
		}
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
		fill();
		InboxSettings defaults = InboxSettings.defaults();
		this.inbox = this.mode.equals("single")
				? new JdbcInbox(this.pool, new InboxSettings(defaults.nodeId(), defaults.leaseDuration(), defaults.maxAttempts(),
						defaults.retention(), defaults.dedupeWindow(), defaults.failedRetention(), 1, Duration.ZERO,
						defaults.queueCapacity(), defaults.retryAfter()), Clock.systemUTC(), InboxListener.NONE, 1)
				: new JdbcInbox(this.pool, defaults, Clock.systemUTC(), InboxListener.NONE);
	}

	/** Completed rows with 1 KB bodies, as retention leaves the table, in one statement. */
	private void fill() throws Exception {
		boolean h2 = this.database.startsWith("h2");
		String rows = h2 ? "SYSTEM_RANGE(1, " + this.prefill + ")" : "generate_series(1, " + this.prefill + ") AS t(x)";
		String body = h2 ? "CAST(REPEAT('x', 1024) AS VARBINARY)" : "convert_to(repeat('x', 1024), 'UTF8')";
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO inbox_delivery (source, delivery_id, status, attempts, term, action, orient, "
					+ "content_type, headers, body, received_at, completed_at, handler_calls) SELECT 'github', "
					+ "CONCAT('old-', x), 'completed', 1, 'push', 'received', 'github', 'application/json', "
					+ "'{\"x-github-event\":\"push\"}', " + body + ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 2 FROM " + rows);
			if (!h2) {
				statement.execute("VACUUM ANALYZE inbox_delivery");
			}
		}
	}

	private HikariDataSource postgres() throws Exception {
		String admin = env("TAOBUS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
		this.postgresDatabase = "taobus_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(admin, user(), password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + this.postgresDatabase);
		}
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(admin.substring(0, admin.lastIndexOf('/') + 1) + this.postgresDatabase);
		config.setUsername(user());
		config.setPassword(password());
		config.setMaximumPoolSize(10);
		return new HikariDataSource(config);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		System.out.println("refused (503) and sent again: " + this.refused.sum());
		this.inbox.close();
		if (this.pool != null) {
			this.pool.close();
		}
		if (this.directory != null) {
			try (var files = Files.walk(this.directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
		if (this.postgresDatabase != null) {
			String admin = env("TAOBUS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
			try (Connection connection = DriverManager.getConnection(admin, user(), password());
					Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + this.postgresDatabase + " WITH (FORCE)");
			}
		}
	}

	@Benchmark
	@OperationsPerInvocation(CLIENTS * PER_CLIENT)
	public void storeAndComplete() throws InterruptedException {
		List<Thread> clients = new ArrayList<>(CLIENTS);
		for (int c = 0; c < CLIENTS; c++) {
			clients.add(Thread.ofVirtual().start(() -> {
				for (int i = 0; i < PER_CLIENT; i++) {
					NewDelivery delivery = new NewDelivery("github", "bench-" + this.ids.incrementAndGet(), "push", "received",
							"github", "application/json", Map.of("x-github-event", "push"), this.body, Instant.now());
					Admission admission = store(delivery);
					if (!(admission instanceof Admission.Accepted accepted)) {
						throw new IllegalStateException("expected a new row, got " + admission);
					}
					this.inbox.finished(accepted.ref(), new Completion.Completed(2, 0));
				}
			}));
		}
		for (Thread client : clients) {
			client.join();
		}
	}

	/** Stores a delivery as a sender does: again, after a millisecond, whenever the inbox answers 503. */
	private Admission store(NewDelivery delivery) {
		while (true) {
			try {
				return this.inbox.accept(delivery).toCompletableFuture().join();
			}
			catch (CompletionException ex) {
				if (!(ex.getCause() instanceof InboxUnavailableException)) {
					throw ex;
				}
				this.refused.increment();
				LockSupport.parkNanos(1_000_000);
			}
		}
	}

	private static String user() {
		return env("TAOBUS_TEST_POSTGRES_USER", "taobus");
	}

	private static String password() {
		return env("TAOBUS_TEST_POSTGRES_PASSWORD", "taobus");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
