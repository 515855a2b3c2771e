package io.taobus.observability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, 2.42 on Debian 12) run as a child
 * process on a loopback port, scraping one target every second, with its HTTP API as JSON. Without the
 * binary the calling test is skipped with a message, unless {@code TAOBUS_REQUIRE_PROMETHEUS=true}
 * (set by {@code .ci/prometheus-up}), when a missing binary is a failure.
 */
final class PrometheusServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final Path log;

	private final URI api;

	private PrometheusServer(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
	}

	/** The binary on the PATH or where Debian puts it, or a skip (a failure when it is required). */
	static Path binary() {
		return binary("prometheus");
	}

	/**
	 * A binary of Debian's {@code prometheus} package ({@code prometheus}, {@code promtool}) on the PATH or
	 * where Debian puts it, or a skip (a failure when it is required).
	 */
	static Path binary(String name) {
		Path found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/bin"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
		if (found == null && "true".equals(System.getenv("TAOBUS_REQUIRE_PROMETHEUS"))) {
			throw new IllegalStateException("TAOBUS_REQUIRE_PROMETHEUS=true but no " + name + " binary on the PATH");
		}
		Assumptions.assumeTrue(found != null,
				"no " + name + " binary: the test is skipped (.ci/run installs Debian's prometheus; see .ci/prometheus-up)");
		return found;
	}

	/** Starts Prometheus scraping {@code metricsPath} on {@code 127.0.0.1:targetPort} every second. */
	static PrometheusServer start(Path binary, Path dir, int targetPort, String metricsPath) throws IOException {
		return start(binary, dir, targetPort, metricsPath, null);
	}

	/**
	 * Starts Prometheus scraping {@code metricsPath} on {@code 127.0.0.1:targetPort} every second and
	 * evaluating the rules of {@code rules}, if given, every second.
	 */
	static PrometheusServer start(Path binary, Path dir, int targetPort, String metricsPath, @Nullable Path rules)
			throws IOException {
		int port = freePort();
		Path config = dir.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				scrape_configs:
				  - job_name: taobus
				    metrics_path: %s
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(metricsPath, targetPort)
				+ ((rules != null) ? "rule_files:\n  - " + rules.toAbsolutePath() + "\n" : ""));
		Path log = dir.resolve("prometheus.log");
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--enable-feature=exemplar-storage")
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, log, port);
		server.awaitReady(Duration.ofSeconds(60));
		return server;
	}

	/**
	 * Waits until Prometheus answers {@code /-/ready}, so that a test's first query is not refused while it
	 * starts (slowly on a loaded machine).
	 */
	private void awaitReady(Duration timeout) {
		URI ready = this.api.resolve("/-/ready");
		try {
			org.awaitility.Awaitility.await("Prometheus ready").atMost(timeout).pollInterval(Duration.ofMillis(100))
				.until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException("Prometheus exited at start: " + log());
					}
					try {
						return this.http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
								HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
					}
					catch (IOException ex) {
						return false; // not listening yet
					}
				});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			this.process.destroyForcibly();
			throw new IllegalStateException("Prometheus not ready within " + timeout + ": " + log(), ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** {@code GET /api/v1/<path>?<query>}: the {@code data} of a successful answer, else an exception. */
	JsonNode get(String path, String... parameters) throws IOException, InterruptedException {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i < parameters.length; i += 2) {
			query.append((i == 0) ? "?" : "&").append(parameters[i]).append('=')
				.append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
		}
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.api.resolve(path + query))
			.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		JsonNode body = json.readTree(response.body());
		if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
			throw new IllegalStateException(path + query + " answered " + response.statusCode() + ": " + response.body());
		}
		return body.path("data");
	}

	/** The result vector of an instant query. */
	List<JsonNode> query(String expression) throws IOException, InterruptedException {
		return get("query", "query", expression).path("result").values().stream().toList();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
