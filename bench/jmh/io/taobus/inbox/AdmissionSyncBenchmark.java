package io.taobus.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * The cost of forcing each admission window of the embedded store to disk: deliveries (1 KB bodies)
 * admitted per second through the inbox's group-commit writer on the H2 file database, with
 * {@code sync=true} (the default: {@code CHECKPOINT SYNC} after each window's commit, before its callers
 * are answered) against {@code sync=false} (the commit alone, written but not fsynced), in the same run.
 * {@code clients} concurrent callers each wait for their answer before sending the next, so that 64 of
 * them fill windows and 1 pays one window, one commit and one fsync per delivery. Run with
 * {@code bench/jmh.sh AdmissionSyncBenchmark}, or under {@code strace -f -c -e trace=fsync,fdatasync} to
 * count the fsyncs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AdmissionSyncBenchmark {

	static final int PER_INVOCATION = 256;

	@Param({ "true", "false" })
	public boolean sync;

	@Param({ "64", "1" })
	public int clients;

	private final AtomicLong ids = new AtomicLong();

	private final byte[] body = new byte[1024];

	private Path directory;

	private HikariDataSource pool;

	private AdmissionWriter writer;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		java.util.Arrays.fill(this.body, (byte) 'x');
		this.directory = Files.createTempDirectory("taobus-sync-bench");
		this.pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(5));
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
		InboxSettings settings = InboxSettings.defaults();
		// the writer JdbcInbox builds, with or without the dialect's sync
		this.writer = new AdmissionWriter(this.pool, new Admissions(SqlDialect.H2, settings),
				this.sync ? SqlDialect.H2.syncAfterCommit() : null, settings, new Counters(), InboxListener.NONE,
				new HeldRefs());
	}

	/** {@value #PER_INVOCATION} deliveries, shared by the callers; each waits for its answer before the next. */
	@Benchmark
	@OperationsPerInvocation(PER_INVOCATION)
	public void admit() throws InterruptedException {
		List<Thread> callers = new ArrayList<>(this.clients);
		for (int c = 0; c < this.clients; c++) {
			callers.add(Thread.ofVirtual().start(() -> {
				for (int i = 0; i < PER_INVOCATION / this.clients; i++) {
					Admission admission = this.writer.submit(new NewDelivery("github", "bench-" + this.ids.incrementAndGet(),
							"push", "received", "github", "application/json", Map.of("x-github-event", "push"), this.body,
							Instant.now())).toCompletableFuture().join();
					if (!(admission instanceof Admission.Accepted)) {
						throw new IllegalStateException("expected a new row, got " + admission);
					}
				}
			}));
		}
		for (Thread caller : callers) {
			caller.join();
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.writer.close(10_000);
		this.pool.close();
		try (var files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
