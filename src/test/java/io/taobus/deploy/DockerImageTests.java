package io.taobus.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.taobus.handler.HandlerJar;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The project's real Dockerfile, built and run for real on host networking (no registry and no bridge
 * here; .ci/docker-up fabricates the base images): the container starts, answers a signed GitHub
 * delivery with 202 for a source configured from the environment, runs the user's handler jar mounted
 * at /extensions on it ({@link HandlerJar}), shows the delivery in /actuator/prometheus on the management
 * port (404 on the public one), runs as uid 10001 and stores its inbox in the declared, writable volume
 * /data. The image size and the
 * time from container start to ready are written to target/docker-figures.txt.
 */
class DockerImageTests {

	static final String IMAGE = "taobus:test";

	static final String SECRET = "container-secret";

	@Test
	void imageBuildsStartsServesASignedWebhookAndRunsAsNonRoot() throws Exception {
		DockerSupport.requireEngine();
		long buildStart = System.nanoTime();
		Path log = Path.of("target/docker-build.log");
		Process build = new ProcessBuilder("docker", "build", "--network", "host", "-t", IMAGE, ".").redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(build.waitFor(30, TimeUnit.MINUTES)).isTrue();
		assertThat(build.exitValue()).as("docker build failed, see " + log).isZero();
		long buildSeconds = (System.nanoTime() - buildStart) / 1_000_000_000;
		int port = freePort();
		Path extensions = Path.of("target/docker-extensions").toAbsolutePath();
		FileSystemUtils.deleteRecursively(extensions);
		HandlerJar.build(Path.of("target/docker-extensions-build"), extensions);
		int managementPort = freePort();
		// a source configured the one documented way: Boot's relaxed binding from the environment
		try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
			.withNetworkMode("host")
			.withEnv("SERVER_PORT", String.valueOf(port))
			.withEnv("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort))
			.withEnv("TAOBUS_API_TOKEN", "container-token")
			.withEnv("TAOBUS_WEBHOOKS_SOURCES_GITHUB_TYPE", "github")
			.withEnv("TAOBUS_WEBHOOKS_SOURCES_GITHUB_SECRET", SECRET)
			.withEnv("TAOBUS_HANDLERS_PACKAGES", "com.acme")
			.withFileSystemBind(extensions.toString(), "/extensions", BindMode.READ_ONLY)
			.waitingFor(Wait.forLogMessage(".*Started TaobusApplication.*", 1).withStartupTimeout(Duration.ofMinutes(3)))) {
			long start = System.nanoTime();
			container.start();
			long readyMillis = (System.nanoTime() - start) / 1_000_000;
			HttpClient http = HttpClient.newHttpClient();
			String base = "http://127.0.0.1:" + port;
			String management = "http://127.0.0.1:" + managementPort;
			assertThat(http.send(HttpRequest.newBuilder(URI.create(management + "/readyz")).build(),
					HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
			String body = "{\"ref\":\"refs/heads/main\"}";
			HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/github"))
				.header("Content-Type", "application/json")
				.header("X-GitHub-Event", "push")
				.header("X-GitHub-Delivery", UUID.randomUUID().toString())
				.header("X-Hub-Signature-256", "sha256=" + hmac(body))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
			assertThat(accepted.body()).contains("\"term\":\"push\"");
			// the user's handler jar, mounted at /extensions, ran on it
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(container.getLogs()).contains(HandlerJar.LOG_LINE + "refs/heads/main"));
			assertThat(container.getLogs()).containsPattern("inline\\s+push\\|\\*\\|\\*\\s+ShippingHandlers#shipped");
			// actuator is not on the public port
			assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
			String metrics = http.send(HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString()).body();
			assertThat(metrics).contains("taobus_webhooks_received_total{outcome=\"accepted\",source=\"github\"} 1.0");
			// the JVM applied the image's options (it says so on stderr)
			assertThat(container.getLogs()).contains("Picked up JAVA_TOOL_OPTIONS").contains("-XX:+ExitOnOutOfMemoryError");
			assertThat(container.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");
			assertThat(container.execInContainer("sh", "-c", "grep '^Uid:' /proc/1/status").getStdout()).contains("10001");
			// the embedded inbox's volume: declared, the store's directory, writable by the service's user
			assertThat(run("docker", "image", "inspect", "-f", "{{json .Config.Volumes}}", IMAGE)).contains("\"/data\"");
			assertThat(container.execInContainer("sh", "-c", "echo $TAOBUS_INBOX_DIRECTORY; test -w /data && echo writable")
				.getStdout()).contains("/data", "writable");
			long size = Long.parseLong(run("docker", "image", "inspect", "-f", "{{.Size}}", IMAGE).trim());
			String figures = "image %s: %d MB, build %d s, container start to ready %d ms%n".formatted(IMAGE,
					size / 1_000_000, buildSeconds, readyMillis);
			Files.writeString(Path.of("target/docker-figures.txt"), figures);
			System.out.print(figures);
		}
	}

	static String hmac(String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return out;
	}

}
