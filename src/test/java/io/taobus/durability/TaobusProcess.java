package io.taobus.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged {@code target/taobus-exec.jar} as a child process, on JDK 25 ({@code java.home} of the
 * test JVM), with the kill tests' handlers ({@code io.taobus.durability.app}) added from outside the
 * jar: their class files are copied to {@code target/kill-test-handlers} and put on the class path
 * with Boot's {@code PropertiesLauncher} and {@code -Dloader.path}, and their package is named in
 * {@code taobus.handlers.packages}, as a user's handler jar is. Only that package is copied: the other test classes
 * (test configurations among them) stay out of the process. Its output goes to
 * {@code target/kill-tests/<name>.log}.
 */
final class TaobusProcess implements AutoCloseable {

	static final Path JAR = Path.of("target/taobus-exec.jar");

	static final String TOKEN = "kill-test-token";

	static final String SECRET = "kill-test-secret";

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	private TaobusProcess(String name, Process process, int port, Path log) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts taobus with the kill tests' handlers and the given properties, and waits until it is ready. */
	static TaobusProcess start(String name, Map<String, String> properties) throws IOException {
		TaobusProcess taobus = launch(name, properties);
		taobus.awaitReady();
		return taobus;
	}

	/**
	 * Starts taobus without waiting: a process that recovery may halt before it is ready (a poison
	 * delivery claimed at startup).
	 */
	static TaobusProcess launch(String name, Map<String, String> properties) throws IOException {
		assertThat(JAR).as("the packaged jar: the kill tests run in failsafe, after package").exists();
		int port = freePort();
		Path logs = Files.createDirectories(Path.of("target/kill-tests"));
		Path log = logs.resolve(name + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dloader.path=" + handlers().toAbsolutePath(), "-cp",
				JAR.toAbsolutePath().toString(), "org.springframework.boot.loader.launch.PropertiesLauncher",
				"--server.port=" + port, "--server.address=127.0.0.1", "--taobus.api.token=" + TOKEN,
				// actuator and /readyz on the one port of each process (8081 would be shared by the processes)
				"--taobus.management-port=", "--management.endpoint.health.group.readiness.additional-path=server:/readyz",
				"--management.endpoint.health.group.liveness.additional-path=server:/livez",
				"--taobus.example.enabled=false", "--taobus.handlers.packages=io.taobus.durability.app",
				"--taobus.webhooks.sources.github.type=github",
				"--taobus.webhooks.sources.github.secret=" + SECRET, "--logging.level.root=WARN",
				"--logging.level.io.taobus=INFO"));
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		return new TaobusProcess(name, process, port, log);
	}

	/** The handler classes, copied out of target/test-classes into a directory of their own. */
	static synchronized Path handlers() throws IOException {
		Path from = Path.of("target/test-classes/io/taobus/durability/app");
		Path root = Path.of("target/kill-test-handlers");
		Path to = Files.createDirectories(root.resolve("io/taobus/durability/app"));
		try (Stream<Path> classes = Files.list(from)) {
			for (Path file : classes.toList()) {
				Files.copy(file, to.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return root;
	}

	/** Waits until {@code /readyz} answers 200, as a readiness probe. */
	void awaitReady() {
		await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new AssertionError(this.name + " exited with " + this.process.exitValue() + ":\n" + logTail());
			}
			try {
				return get("/readyz").statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	String base() {
		return "http://127.0.0.1:" + this.port;
	}

	HttpResponse<String> get(String path) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + TOKEN).build());
	}

	HttpResponse<String> send(HttpRequest request) throws IOException {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	static HttpClient http() {
		return HTTP;
	}

	int port() {
		return this.port;
	}

	/** SIGTERM, as the kubelet sends after {@code preStop}: the JVM's shutdown hook closes the context in order. */
	void terminate() {
		this.process.destroy();
	}

	/** SIGKILL: no shutdown hook, no drain, no flush. */
	void kill() {
		this.process.destroyForcibly();
		waitForExit(Duration.ofSeconds(30));
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Waits for the process to end on its own (a handler halted it). */
	boolean waitForExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	long pid() {
		return this.process.pid();
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
