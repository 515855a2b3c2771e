package io.taobus.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The embedded store's file against its live data through retention: deliveries (1 KB bodies) are
 * admitted and completed through a {@link JdbcInbox} on the H2 file database, the inbox's clock moves
 * on and retention runs, round after round, and each round prints the file's size, the live rows and
 * the bytes of their bodies. With {@code WRITE_DELAY=0} MVStore's background housekeeping is off; the
 * argument {@code checkpoint} adds an H2 {@code CHECKPOINT} after each retention round, to compare.
 * Run with {@code ./mvnw -q -Pbench -DskipTests test-compile exec:exec -Dexec.mainClass=...}; see
 * {@code bench/h2-growth.sh}.
 */
public final class H2FileGrowth {

	public static void main(String[] args) throws Exception {
		int total = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		boolean checkpoint = args.length > 1 && args[1].equals("checkpoint");
		int perRound = 10_000;
		Path directory = Files.createTempDirectory(Path.of("target"), "h2-growth");
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		// completed rows keep their body 30 min and their row 1 h: at 10,000 a round and 10 min a round,
		// 60,000 rows live, 30,000 with bodies
		InboxSettings defaults = InboxSettings.defaults();
		InboxSettings settings = new InboxSettings(defaults.nodeId(), defaults.leaseDuration(), 5, Duration.ofMinutes(30),
				Duration.ofHours(1), Duration.ofHours(1), 64, Duration.ofMillis(2), 10_000, defaults.retryAfter());
		byte[] body = new byte[1024];
		java.util.Arrays.fill(body, (byte) 'x');
		AtomicLong ids = new AtomicLong();
		String url = System.getProperty("h2.url.replace");
		HikariDataSource h2 = InboxDatabases.h2(directory, Duration.ofSeconds(5));
		if (url != null) {
			// an experiment on the URL: -Dh2.url.replace=WRITE_DELAY=0=>WRITE_DELAY=500
			String[] change = url.split("=>");
			com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
			config.setJdbcUrl(InboxDatabases.h2Url(directory).replace(change[0], change[1]));
			config.setUsername("sa");
			config.setMaximumPoolSize(8);
			h2.close();
			h2 = new HikariDataSource(config);
			System.out.println("URL " + config.getJdbcUrl());
		}
		try (HikariDataSource pool = h2) {
			Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).load().migrate();
			JdbcInbox inbox = new JdbcInbox(pool, settings, clock, InboxListener.NONE);
			System.out.printf("%10s %12s %10s %12s %8s%n", "admitted", "file bytes", "live rows", "body bytes", "file/(bodies + 200 B a row)");
			for (int done = 0; done < total; done += perRound) {
				List<Thread> callers = new ArrayList<>();
				for (int c = 0; c < 64; c++) {
					callers.add(Thread.ofVirtual().start(() -> {
						for (int i = 0; i < perRound / 64; i++) {
							Admission admission = inbox.accept(new NewDelivery("github", "g-" + ids.incrementAndGet(), "push",
									"received", "github", "application/json", Map.of("x-github-event", "push"), body,
									clock.instant())).toCompletableFuture().join();
							if (admission instanceof Admission.Accepted accepted) {
								inbox.finished(accepted.ref(), new Completion.Completed(1, 0));
							}
						}
					}));
				}
				for (Thread caller : callers) {
					caller.join();
				}
				long admitted = ids.get();
				while (inbox.counters().completions() < admitted) {
					LockSupport.parkNanos(10_000_000);
				}
				clock.advance(Duration.ofMinutes(10));
				Purged purged;
				do {
					purged = inbox.purge();
				}
				while (purged.more());
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
					if (checkpoint) {
						statement.execute("CHECKPOINT");
					}
					try (ResultSet rs = statement.executeQuery(
							"SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(body)), 0) FROM inbox_delivery")) {
						rs.next();
						long file = Files.size(directory.resolve("taobus.mv.db"));
						long live = rs.getLong(2) + rs.getLong(1) * 200;
						System.out.printf("%10d %12d %10d %12d %8.1f%n", admitted, file, rs.getLong(1), rs.getLong(2),
								(double) file / live);
					}
				}
			}
			inbox.close();
		}
		try (var files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	private H2FileGrowth() {
	}

}
