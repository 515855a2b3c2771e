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
 * The inbox's write path: deliveries (1 KB bodies) accepted per second by 64 concurrent clients, each
 * waiting for its commit before sending the next, as webhook senders do. {@code mode=group} is the
 * group-commit writer as configured by default (up to 64 rows or 2 ms per transaction);
 * {@code mode=single} is the same writer committing one row per transaction, the baseline of the same
 * run. {@code database=h2} is the embedded file database in a temporary directory,
 * {@code database=postgresql} a fresh database on {@code TAOBUS_TEST_POSTGRES_URL} (see
 * {@code .ci/postgres-up}); that setup fails with a message when no server is reachable.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InboxWriterBenchmark {

	static final int CLIENTS = 64;

	static final int PER_CLIENT = 32;

	@Param({ "h2", "postgresql" })
	public String database;

	@Param({ "group", "single" })
	public String mode;

	private final AtomicLong ids = new AtomicLong();

	private final byte[] body = new byte[1024];

	private HikariDataSource pool;

	private JdbcInbox inbox;

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
		InboxSettings defaults = InboxSettings.defaults();
		InboxSettings settings = this.mode.equals("group") ? defaults
				: new InboxSettings(defaults.nodeId(), defaults.leaseDuration(), defaults.maxAttempts(), defaults.retention(),
						defaults.dedupeWindow(), defaults.failedRetention(), 1, Duration.ZERO, defaults.queueCapacity(),
						defaults.retryAfter());
		this.inbox = new JdbcInbox(this.pool, settings, Clock.systemUTC(), InboxListener.NONE);
	}

	private HikariDataSource postgres() throws Exception {
		String admin = env("TAOBUS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
		String user = env("TAOBUS_TEST_POSTGRES_USER", "taobus");
		String password = env("TAOBUS_TEST_POSTGRES_PASSWORD", "taobus");
		this.postgresDatabase = "taobus_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(admin, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + this.postgresDatabase);
		}
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(admin.substring(0, admin.lastIndexOf('/') + 1) + this.postgresDatabase);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(8);
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
			try (Connection connection = DriverManager.getConnection(admin, env("TAOBUS_TEST_POSTGRES_USER", "taobus"),
					env("TAOBUS_TEST_POSTGRES_PASSWORD", "taobus")); Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + this.postgresDatabase + " WITH (FORCE)");
			}
		}
	}

	@Benchmark
	@OperationsPerInvocation(CLIENTS * PER_CLIENT)
	public void accept() throws InterruptedException {
		List<Thread> clients = new ArrayList<>(CLIENTS);
		for (int c = 0; c < CLIENTS; c++) {
			clients.add(Thread.ofVirtual().start(() -> {
				for (int i = 0; i < PER_CLIENT; i++) {
					String id = "bench-" + this.ids.incrementAndGet();
					Admission admission = this.inbox.accept(new NewDelivery("github", id, "push", "received", "github",
							"application/json", Map.of("x-github-event", "push"), this.body, Instant.now()))
						.toCompletableFuture().join();
					if (!(admission instanceof Admission.Accepted)) {
						throw new IllegalStateException("expected a new row, got " + admission);
					}
				}
			}));
		}
		for (Thread client : clients) {
			client.join();
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
