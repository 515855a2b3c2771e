package io.taobus.durability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged-jar processes on one real PostgreSQL ({@code TAOBUS_TEST_POSTGRES_URL}, started by
 * {@code .ci/postgres-up}; a fresh database per test): the same delivery sent to both at once is
 * acknowledged with 202 exactly once (the other gets 200 duplicate); a node SIGKILLed with cascades in
 * flight (a slow async handler) has them completed by the other once their short lease expired.
 * Skipped without a server unless {@code TAOBUS_REQUIRE_POSTGRES=true}.
 */
class PostgresKillTests {

	@TempDir
	Path dir;

	String database;

	String url;

	@BeforeEach
	void createDatabase() throws Exception {
		String admin = System.getenv("TAOBUS_TEST_POSTGRES_URL");
		if (admin == null) {
			assertThat(System.getenv("TAOBUS_REQUIRE_POSTGRES")).as("TAOBUS_REQUIRE_POSTGRES set without a server")
				.isNotEqualTo("true");
			Assumptions.abort("no PostgreSQL: set TAOBUS_TEST_POSTGRES_URL (.ci/postgres-up does)");
		}
		this.database = "killtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = admin(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + this.database);
		}
		this.url = admin.substring(0, admin.lastIndexOf('/') + 1) + this.database;
	}

	@AfterEach
	void dropDatabase() throws Exception {
		if (this.database != null) {
			try (Connection connection = admin(); Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
			}
		}
	}

	static Connection admin() throws Exception {
		return DriverManager.getConnection(System.getenv("TAOBUS_TEST_POSTGRES_URL"),
				System.getenv("TAOBUS_TEST_POSTGRES_USER"), System.getenv("TAOBUS_TEST_POSTGRES_PASSWORD"));
	}

	Map<String, String> properties(Sink sink) {
		return Map.of("spring.datasource.url", this.url, "spring.datasource.username",
				System.getenv("TAOBUS_TEST_POSTGRES_USER"), "spring.datasource.password",
				System.getenv("TAOBUS_TEST_POSTGRES_PASSWORD"), "killtest.sink", sink.file().toString(), "killtest.slow", "15s",
				"taobus.inbox.lease-duration", "3s");
	}

	@Test
	void twoNodesAcknowledgeOneCopyOnceAndTheSurvivorFinishesTheKilledNodesCascades() throws Exception {
		Sink sink = new Sink(this.dir.resolve("sink.txt"));
		try (TaobusProcess a = TaobusProcess.start("postgres-a", properties(sink));
				TaobusProcess b = TaobusProcess.start("postgres-b", properties(sink))) {
			// the same delivery to both nodes at once, 40 times: one 202 and one 200 each
			List<String> copies = IntStream.range(0, 40).mapToObj((i) -> "both-" + i).toList();
			try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
				for (String id : copies) {
					Future<Integer> toA = senders.submit(() -> SignedLoad.send(a, id, "push"));
					Future<Integer> toB = senders.submit(() -> SignedLoad.send(b, id, "push"));
					assertThat(List.of(toA.get(), toB.get())).as(id).containsExactlyInAnyOrder(202, 200);
				}
			}
			Operator.awaitCompleted(b, copies, Duration.ofMinutes(1));
			assertThat(sink.counts()).as("each copy ran once").containsOnlyKeys(copies).allSatisfy((id, runs) -> assertThat(runs).isEqualTo(1));

			// slow cascades accepted by A, then A is killed while they sleep: B finishes them after the lease
			List<String> slow = IntStream.range(0, 20).mapToObj((i) -> "slow-" + i).toList();
			List<String> acked = new ArrayList<>();
			for (String id : slow) {
				if (SignedLoad.send(a, id, "slow") == 202) {
					acked.add(id);
				}
			}
			assertThat(acked).containsExactlyElementsOf(slow);
			long killed = System.nanoTime();
			a.kill();
			assertThat(sink.ids()).as("A died before its slow handlers finished").doesNotContainAnyElementsOf(slow);
			Operator.awaitCompleted(b, slow, Duration.ofMinutes(2));
			long recoveredMillis = (System.nanoTime() - killed) / 1_000_000;
			assertThat(sink.runs()).filteredOn((run) -> run.deliveryId().startsWith("slow-"))
				.allSatisfy((run) -> {
					assertThat(run.pid()).isEqualTo(b.pid());
					assertThat(run.attempt()).isEqualTo(2);
				})
				.hasSize(slow.size());
			Operator.figures(("two nodes on PostgreSQL: 40 copies sent to both at once, 40 acknowledged once; 20 slow cascades"
					+ " of a SIGKILLed node completed by the other %d ms after the kill (lease 3 s, handler 15 s)")
				.formatted(recoveredMillis));
		}
	}

}
