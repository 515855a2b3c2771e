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
import java.util.concurrent.atomic.AtomicLong;

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
 * contract ({@code accept}, {@code finished}), so that two builds can be compared with the same file.
 * {@code database=postgresql} needs {@code TAOBUS_TEST_POSTGRES_URL} (see {@code .ci/postgres-up}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InboxPathBenchmark {

	static final int CLIENTS = 64;

	static final int PER_CLIENT = 32;

	@Param({ "h2", "postgresql" })
	public String database;

	@Param("1000000")
	public int prefill;

	private final AtomicLong ids = new AtomicLong();

	private final byte[] body = new byte[1024];

	private HikariDataSource pool;

	private Inbox inbox;

	private Path directory;

	private String postgresDatabase;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		java.util.Arrays.fill(this.body, (byte) 'x');
		if (this.database.equals("h2")) {
			this.directory = Files.createTempDirectory("taobus-inbox-bench");
			this.pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(5));
		}
		else {
			this.pool = postgres();
		}
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
		fill();
		this.inbox = new JdbcInbox(this.pool, InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
	}

	/** Completed rows with 1 KB bodies, as retention leaves the table, in one statement. */
	private void fill() throws Exception {
		String rows = this.database.equals("h2") ? "SYSTEM_RANGE(1, " + this.prefill + ")"
				: "generate_series(1, " + this.prefill + ") AS t(x)";
		String body = this.database.equals("h2") ? "CAST(REPEAT('x', 1024) AS VARBINARY)" : "convert_to(repeat('x', 1024), 'UTF8')";
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO inbox_delivery (source, delivery_id, status, attempts, term, action, orient, "
					+ "content_type, headers, body, received_at, completed_at, handler_calls) SELECT 'github', "
					+ "CONCAT('old-', x), 'completed', 1, 'push', 'received', 'github', 'application/json', "
					+ "'{\"x-github-event\":\"push\"}', " + body + ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 2 FROM " + rows);
			if (!this.database.equals("h2")) {
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
		this.inbox.close();
		this.pool.close();
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
					String id = "bench-" + this.ids.incrementAndGet();
					Admission admission = this.inbox.accept(new NewDelivery("github", id, "push", "received", "github",
							"application/json", Map.of("x-github-event", "push"), this.body, Instant.now()))
						.toCompletableFuture().join();
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
