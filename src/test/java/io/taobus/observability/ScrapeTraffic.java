package io.taobus.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.taobus.handler.TaoAsync;
import io.taobus.handler.TaoInline;
import io.taobus.handler.TaoIntercept;
import io.taobus.inbox.MutableClock;
import io.taobus.tao.AppCon;
import io.taobus.tao.Intercept;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed GitHub deliveries (the {@code e2e} profile's {@code github} source) that reach handlers of
 * every kind and outcome: an intercept that proceeds, halts or diverts, an inline handler that succeeds
 * or fails, an async handler that fails (a swallowed error, and a call retried), and a chain that passes
 * the cascade depth; {@code crash} fails inline and async handlers that only the log test reaches;
 * {@code dead} an async handler that dies at once, {@code stall} an inline one that holds its delivery
 * pending until released (the alerting rules' test).
 */
final class ScrapeTraffic {

	static final String SECRET = "It's a Secret to Everybody";

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI uri;

	ScrapeTraffic(int port) {
		this.uri = URI.create("http://127.0.0.1:" + port + "/webhooks/github");
	}

	/** One delivery of each action: {@code opened}, {@code broken}, {@code halt}, {@code divert}, {@code loop}. */
	void round() throws IOException, InterruptedException {
		for (String action : new String[] { "opened", "broken", "halt", "divert", "loop" }) {
			deliver(action);
		}
	}

	void deliver(String action) throws IOException, InterruptedException {
		deliver(action, null);
	}

	/** Delivers a {@code pull} event with the action, continuing a trace when given one; returns its id. */
	String deliver(String action, @Nullable String traceparent) throws IOException, InterruptedException {
		String delivery = UUID.randomUUID().toString();
		// the delivery id in the body too: GitHub signs the body only, and a body seen before is a replay
		String body = "{\"action\":\"" + action + "\",\"number\":\"" + delivery + "\"}";
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.header("Content-Type", "application/json")
			.header("X-GitHub-Event", "pull")
			.header("X-GitHub-Delivery", delivery)
			.header("X-Hub-Signature-256", "sha256=" + hmac(body));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		HttpResponse<String> response = this.http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return delivery;
	}

	/** Asks for the scrape as Prometheus does (OpenMetrics first), warming the endpoint up. */
	String scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.uri.resolve("/actuator/prometheus"))
			.header("Accept", "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static String hmac(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The handlers the deliveries reach. */
	static final class PullHandlers {

		@TaoIntercept(term = "pull")
		Intercept guard(AppCon appCon) {
			return switch (appCon.action()) {
				case "halt" -> Intercept.halt();
				case "divert" -> Intercept.divert(new AppCon(Trigram.of("pull", "opened", "github"), null, null,
						appCon.orientData()));
				default -> Intercept.proceed();
			};
		}

		@TaoInline(term = "pull", action = "opened")
		void book(AppCon appCon) {
			// succeeds
		}

		@TaoInline(term = "pull", action = "broken")
		void fail(AppCon appCon) {
			throw new IllegalStateException("the ledger is broken");
		}

		@TaoInline(term = "pull", action = "loop")
		AppCon loop(AppCon appCon) {
			return appCon;
		}

		@TaoInline(term = "pull", action = "crash")
		void crash(AppCon appCon) {
			throw new IllegalStateException("the crash test");
		}

		@TaoAsync(term = "pull", action = "crash")
		void crashLater(AppCon appCon) {
			throw new IllegalStateException("the async crash test");
		}

		@TaoAsync(term = "pull", action = "opened")
		void notifyReviewers(AppCon appCon) {
			throw new IllegalStateException("the notifier is down");
		}

		/** Dead at its first failure: no retry. */
		@TaoAsync(term = "pull", action = "dead", retries = 0)
		void archive(AppCon appCon) {
			throw new IllegalStateException("the archive is gone");
		}

		/** Holds its delivery pending until {@link #release}: an inbox that is behind. */
		@TaoInline(term = "pull", action = "stall")
		void stall(AppCon appCon) throws InterruptedException {
			this.stalled.await(4, TimeUnit.MINUTES);
		}

		final CountDownLatch stalled = new CountDownLatch(1);

		void release() {
			this.stalled.countDown();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		PullHandlers pullHandlers() {
			return new PullHandlers();
		}

	}

	/** The clock of ingestion and of the inbox's age gauge, for the alerting rules' test to move. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Clocked {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(Instant.now());
		}

	}

}
