package io.taobus.handler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end, as a user deploys a handler without touching taobus: a handler jar built here
 * ({@link HandlerJar}) in an extensions directory, the packaged {@code target/taobus-exec.jar} started as
 * a child process with {@code LOADER_PATH} pointing there and {@code taobus.handlers.packages=com.acme},
 * a signed GitHub delivery over real HTTP, and the handler's log line in the child's output; without
 * the property, the WARN that names the jar's handler class and the setting. Needs the
 * packaged jar, so failsafe runs it after {@code package} ({@code ./mvnw verify}).
 */
class HandlerJarTests {

	static final String SECRET = "acme-secret";

	@TempDir
	Path work;

	@Test
	void aHandlerJarInTheExtensionsDirectoryRunsOnASignedDelivery() throws Exception {
		Path extensions = this.work.resolve("extensions");
		HandlerJar.build(this.work.resolve("build"), extensions);
		int port = freePort();
		Path log = Path.of("target/handler-jar-app.log").toAbsolutePath();
		Process process = start(extensions, port, log, "--taobus.handlers.packages=com.acme");
		try {
			await().atMost(Duration.ofMinutes(3)).until(() -> started(log, process));
			assertThat(Files.readString(log)).contains("TAO handlers registered: 1")
				.containsPattern("inline\\s+push\\|\\*\\|\\*\\s+ShippingHandlers#shipped")
				.doesNotContain("No TAO handler found")
				.doesNotContain("TAO handler classes on the loader path");
			String body = "{\"ref\":\"refs/heads/acme\"}";
			HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/acme"))
				.header("Content-Type", "application/json")
				.header("X-GitHub-Event", "push")
				.header("X-GitHub-Delivery", UUID.randomUUID().toString())
				.header("X-Hub-Signature-256", "sha256=" + hmac(body))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(Files.readString(log)).contains(HandlerJar.LOG_LINE + "refs/heads/acme"));
		}
		finally {
			stop(process);
		}
	}

	@Test
	void aHandlerJarWhosePackageIsNotConfiguredIsNamedAtStartup() throws Exception {
		Path extensions = this.work.resolve("extensions");
		Path jar = HandlerJar.build(this.work.resolve("build"), extensions);
		Path log = Path.of("target/handler-jar-unscanned-app.log").toAbsolutePath();
		Process process = start(extensions, freePort(), log);
		try {
			await().atMost(Duration.ofMinutes(3)).until(() -> started(log, process));
			assertThat(Files.readString(log)).contains("TAO handlers registered: 0")
				.containsPattern("WARN .*TAO handler classes on the loader path are in package com.acme, which taobus does"
						+ " not scan")
				.contains("com.acme.ShippingHandlers (" + jar + ")", "TAOBUS_HANDLERS_PACKAGES=com.acme");
		}
		finally {
			stop(process);
		}
	}

	/** The packaged jar, its LOADER_PATH the extensions directory, with one GitHub source. */
	private static Process start(Path extensions, int port, Path log, String... arguments) throws IOException {
		Path app = Path.of("target/taobus-exec.jar").toAbsolutePath();
		assertThat(app).as("the packaged jar: run with ./mvnw verify").exists();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", app.toString(), "--server.port=" + port, "--management.server.port=" + port,
				"--taobus.api.token=jar-test-token", "--taobus.example.enabled=false",
				"--taobus.webhooks.sources.acme.type=github", "--taobus.webhooks.sources.acme.secret=" + SECRET));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("LOADER_PATH", extensions.toString());
		return builder.start();
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

	private static boolean started(Path log, Process process) throws IOException {
		String output = Files.exists(log) ? Files.readString(log) : "";
		assertThat(process.isAlive()).as("the app exited:%n%s", output).isTrue();
		return output.contains("Started TaobusApplication");
	}

	static String hmac(String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
