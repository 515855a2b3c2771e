package io.taobus.durability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart of two replicas of the packaged jar under a steady signed load, behind a simulated
 * Kubernetes Service ({@link ServiceProxy}: kube-proxy's routing of each new connection to an endpoint it
 * lists, with no retry elsewhere when that pod refuses: the client sees the failure), with Kubernetes'
 * termination of a pod: at time 0 the pod is terminating, and concurrently the endpoint removal reaches
 * the proxy after {@link #PROPAGATION} while the kubelet runs the chart's {@code preStop} sleep, then
 * sends SIGTERM, upon which the application shuts down in order (readiness, web server, kernel drain,
 * leases). A pod joins the endpoints once its {@code /readyz} answered 200. The rollout is a
 * Deployment's with {@code maxUnavailable} 0: A and B serve; C is listed and A terminates; D is listed
 * and B terminates. With {@code preStop} ({@link #PRE_STOP}, longer than the propagation, as the chart's
 * 10 s is longer than a cluster's usual lag) no client sees a 503 or a failed connection, and every
 * acknowledged delivery's handler ran (on the shared PostgreSQL: every one is {@code completed}, and
 * nothing else was stored). Then the negative control, on the same pods: C terminated without
 * {@code preStop}, SIGTERM as its endpoint removal starts; the clients the Service still sends there
 * are refused, which shows that the simulation sees what {@code preStop} prevents. One test, so that
 * the four JVM starts are paid once. The inbox is one PostgreSQL shared by the replicas
 * ({@code TAOBUS_TEST_POSTGRES_URL}, a fresh database per run; required where
 * {@code TAOBUS_REQUIRE_POSTGRES=true}), else each replica's own embedded H2 directory.
 */
class RollingRestartTests {

	/** How long the endpoint removal of a terminating pod takes to reach kube-proxy. */
	static final Duration PROPAGATION = Duration.ofMillis(1500);

	/** The chart's {@code shutdown.preStopSeconds}, shortened for the test, still above the propagation. */
	static final Duration PRE_STOP = Duration.ofSeconds(3);

	/** Deliveries per second through the Service. */
	static final int RATE = 50;

	@TempDir
	Path dir;

	@Nullable String database;

	final List<TaobusProcess> pods = new ArrayList<>();

	final ExecutorService kubernetes = Executors.newVirtualThreadPerTaskExecutor();

	@BeforeEach
	void createDatabase() throws Exception {
		if (System.getenv("TAOBUS_TEST_POSTGRES_URL") == null) {
			assertThat(System.getenv("TAOBUS_REQUIRE_POSTGRES")).as("TAOBUS_REQUIRE_POSTGRES set without a server")
				.isNotEqualTo("true");
			return;  // each replica on its own embedded H2
		}
		this.database = "rolltest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = PostgresKillTests.admin(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + this.database);
		}
	}

	@AfterEach
	void stopPodsAndDropDatabase() throws Exception {
		this.pods.forEach(TaobusProcess::close);
		this.kubernetes.shutdownNow();
		if (this.database != null) {
			try (Connection connection = PostgresKillTests.admin(); Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
			}
		}
	}

	@Test
	void aRollingRestartUnderLoadRefusesNoClientWhereATerminationWithoutPreStopDoes() throws Exception {
		Sink sink = new Sink(this.dir.resolve("sink.txt"));
		long started = System.nanoTime();
		// the four pods start at once (their JVM starts, a minute of this machine's two cores, are not what is
		// tested, and their order does not matter): each joins the endpoints at its step of the rollout
		List<CompletableFuture<TaobusProcess>> starting = start(sink, "roll-a", "roll-b", "roll-c", "roll-d");
		try (ServiceProxy service = new ServiceProxy()) {
			TaobusProcess a = starting.get(0).join();
			TaobusProcess b = starting.get(1).join();
			service.add(a);
			service.add(b);
			Map<String, Integer> rollout;
			TaobusProcess c;
			TaobusProcess d;
			try (ServiceLoad load = new ServiceLoad(service, "roll", RATE)) {
				awaitAccepted(load, 50);
				c = starting.get(2).join();
				service.add(c);
				CompletableFuture<Void> aTerminating = terminate(a, service, PRE_STOP);
				d = starting.get(3).join();
				service.add(d);
				aTerminating.join();
				terminate(b, service, PRE_STOP).join();
				awaitExit(a, b);
				assertThat(service.endpoints()).containsExactlyInAnyOrder(c.port(), d.port());
				awaitAccepted(load, load.accepted() + 50);
				rollout = load.stop();
			}
			int rolloutFailedConnects = service.failedConnects();
			long rolloutSeconds = elapsedSeconds(started);

			// the negative control: C terminated without preStop, SIGTERM as its endpoint removal starts
			Map<String, Integer> control;
			try (ServiceLoad load = new ServiceLoad(service, "control", RATE)) {
				awaitAccepted(load, 50);
				terminate(c, service, Duration.ZERO).join();
				awaitExit(c);
				awaitAccepted(load, load.accepted() + 50);
				control = load.stop();
			}
			int controlFailedConnects = service.failedConnects() - rolloutFailedConnects;

			assertThat(rollout).as("deliveries sent through the rollout").hasSizeGreaterThan(200);
			assertThat(ServiceLoad.counts(rollout)).as("statuses seen by the clients during the rollout").containsOnlyKeys(202);
			assertThat(rolloutFailedConnects).as("connections the Service sent to a pod that refused them").isZero();
			assertThat(control.values()).as("without preStop, clients refused (503) or left without an answer: "
					+ ServiceLoad.counts(control))
				.filteredOn((status) -> status == 503 || status == ServiceLoad.NO_ANSWER)
				.isNotEmpty();

			Set<String> accepted = accepted(rollout);
			Set<String> controlAccepted = accepted(control);
			await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(sink.ids()).as("handlers ran")
				.containsAll(accepted)
				.containsAll(controlAccepted));
			assertThat(sink.runs()).filteredOn((run) -> accepted.contains(run.deliveryId()))
				.as("each replica ran handlers in its turn")
				.extracting(Sink.Run::pid)
				.containsAll(List.of(a.pid(), b.pid(), c.pid(), d.pid()));
			if (this.database != null) {
				await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
					Map<String, String> stored = stored();
					assertThat(stored).as("the shared inbox: the rollout's deliveries, all acknowledged and completed")
						.containsAllEntriesOf(completed(accepted))
						.containsAllEntriesOf(completed(controlAccepted));
					assertThat(stored.keySet()).filteredOn((id) -> id.startsWith("roll-")).hasSameSizeAs(accepted);
				});
			}
			long twice = sink.counts().values().stream().filter((runs) -> runs > 1).count();
			Operator.figures(("rolling restart (A,B -> C,D; preStop %d ms, endpoint removal after %d ms; %s): %d deliveries"
					+ " at %d/s, statuses %s, %d ran twice; %d s with the pods' starts")
				.formatted(PRE_STOP.toMillis(), PROPAGATION.toMillis(), (this.database != null) ? "shared PostgreSQL" : "H2 each",
						rollout.size(), RATE, ServiceLoad.counts(rollout), twice, rolloutSeconds));
			Operator.figures(("negative control, C terminated without preStop: %d deliveries, statuses %s, %d connections"
					+ " sent by the Service to C after it stopped listening").formatted(control.size(), ServiceLoad.counts(control),
							controlFailedConnects));
		}
	}

	/** Each delivery stored in the shared inbox, and its status. */
	private Map<String, String> stored() throws Exception {
		Map<String, String> stored = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(databaseUrl(), System.getenv("TAOBUS_TEST_POSTGRES_USER"),
				System.getenv("TAOBUS_TEST_POSTGRES_PASSWORD")); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT delivery_id, status FROM inbox_delivery")) {
			while (rows.next()) {
				stored.put(rows.getString(1), rows.getString(2));
			}
		}
		return stored;
	}

	private String databaseUrl() {
		String admin = System.getenv("TAOBUS_TEST_POSTGRES_URL");
		return admin.substring(0, admin.lastIndexOf('/') + 1) + this.database;
	}

	/**
	 * Starts the pods at once, each on its own inbox or the shared one; each future completes when its
	 * pod's {@code /readyz} answered 200.
	 */
	private List<CompletableFuture<TaobusProcess>> start(Sink sink, String... names) {
		List<CompletableFuture<TaobusProcess>> starting = new ArrayList<>();
		for (String name : names) {
			Map<String, String> properties = new HashMap<>(Map.of("killtest.sink", sink.file().toString(),
					"taobus.inbox.lease-duration", "3s"));
			if (this.database != null) {
				properties.putAll(Map.of("spring.datasource.url", databaseUrl(),
						"spring.datasource.username", System.getenv("TAOBUS_TEST_POSTGRES_USER"), "spring.datasource.password",
						System.getenv("TAOBUS_TEST_POSTGRES_PASSWORD")));
			}
			else {
				properties.put("taobus.inbox.directory", this.dir.resolve(name).toString());
			}
			starting.add(CompletableFuture.supplyAsync(() -> {
				try {
					TaobusProcess pod = TaobusProcess.launch(name, properties);
					synchronized (this.pods) {
						this.pods.add(pod);
					}
					pod.awaitReady();
					return pod;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, this.kubernetes));
		}
		return starting;
	}

	/**
	 * Kubernetes' termination of a pod, from the moment it is marked terminating: the endpoint removal
	 * reaches the proxy after {@link #PROPAGATION}; concurrently, the kubelet runs {@code preStop} for
	 * {@code preStop}, then sends SIGTERM. Completes when both happened.
	 */
	private CompletableFuture<Void> terminate(TaobusProcess pod, ServiceProxy service, Duration preStop) {
		CompletableFuture<Void> removal = CompletableFuture.runAsync(() -> service.remove(pod), after(PROPAGATION));
		CompletableFuture<Void> sigterm = CompletableFuture.runAsync(pod::terminate, after(preStop));
		return CompletableFuture.allOf(removal, sigterm);
	}

	private Executor after(Duration delay) {
		return CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, this.kubernetes);
	}

	/** The pods end on their own after SIGTERM, within the chart's termination grace period. */
	private static void awaitExit(TaobusProcess... pods) {
		await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofMillis(100))
			.until(() -> Arrays.stream(pods).noneMatch(TaobusProcess::isAlive));
	}

	private static void awaitAccepted(ServiceLoad load, long accepted) {
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> load.accepted() >= accepted);
	}

	private static Map<String, String> completed(Set<String> ids) {
		return ids.stream().collect(Collectors.toMap((id) -> id, (id) -> "completed"));
	}

	private static Set<String> accepted(Map<String, Integer> statuses) {
		return statuses.entrySet().stream().filter((e) -> e.getValue() == 202).map(Map.Entry::getKey).collect(Collectors.toSet());
	}

	private static long elapsedSeconds(long started) {
		return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
	}

}
