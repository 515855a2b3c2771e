package io.taobus.durability;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/** What the kill tests ask the operator API ({@code /tao/deliveries}) of a running taobus. */
final class Operator {

	private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

	private static final Pattern ATTEMPTS = Pattern.compile("\"attempts\":(\\d+)");

	private Operator() {
	}

	/** A delivery's status, or {@code "unknown"} on 404. */
	static String status(TaobusProcess taobus, String source, String id) throws IOException {
		var response = taobus.get("/tao/deliveries/" + source + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
		if (response.statusCode() == 404) {
			return "unknown";
		}
		Matcher matcher = STATUS.matcher(response.body());
		if (response.statusCode() != 200 || !matcher.find()) {
			throw new IOException("GET delivery " + id + ": " + response.statusCode() + " " + response.body());
		}
		return matcher.group(1);
	}

	static int attempts(TaobusProcess taobus, String source, String id) throws IOException {
		var body = taobus.get("/tao/deliveries/" + source + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).body();
		Matcher matcher = ATTEMPTS.matcher(body);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
	}

	/** Whether any stored delivery is still pending. */
	static boolean anyPending(TaobusProcess taobus) throws IOException {
		return taobus.get("/tao/deliveries?status=pending&limit=1").body().contains("\"deliveryId\"");
	}

	/** Waits until nothing is pending, then until each id is completed, asking for each. */
	static void awaitCompleted(TaobusProcess taobus, Collection<String> ids, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> !anyPending(taobus));
		await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			for (String id : ids) {
				String status = status(taobus, "github", id);
				if (!status.equals("completed")) {
					throw new AssertionError(id + " is " + status);
				}
			}
		});
	}

	/** Appends a line of figures to target/kill-test-figures.txt and prints it. */
	static void figures(String line) throws IOException {
		Files.writeString(Path.of("target/kill-test-figures.txt"), line + System.lineSeparator(), StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		System.out.println(line);
	}

}
