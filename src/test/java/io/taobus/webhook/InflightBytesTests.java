package io.taobus.webhook;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.taobus.handler.TaoAsync;
import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded memory under real HTTP: 1 MB signed deliveries from 32 concurrent senders to a slow async
 * handler. The bytes in flight never pass {@code taobus.kernel.max-inflight-bytes} (16 MB), the heap
 * held by admitted deliveries stays near that bound, and what does not fit is answered 429 with
 * {@code Retry-After} and the usual problem document, then accepted once the handler caught up.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "taobus.kernel.max-inflight-bytes=16MB", "taobus.example.enabled=false" })
@ActiveProfiles("e2e")
@Import(InflightBytesTests.Slow.class)
@DirtiesContext
class InflightBytesTests {

	static final long LIMIT = 16L * 1024 * 1024;

	static final int BODY = 1_000_000;

	static final String SECRET = "It's a Secret to Everybody";

	@LocalServerPort
	int port;

	@Autowired
	Kernel kernel;

	@Autowired
	Slow slow;

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	final java.util.concurrent.atomic.AtomicInteger sequence = new java.util.concurrent.atomic.AtomicInteger();

	@Test
	void aSlowHandlerUnderLoadKeepsTheBytesInFlightAndTheHeapBoundedAndAnswers429() throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		deliver(0).join(); // warm up: one delivery through, released at once
		this.slow.gate.release();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(30))).isTrue();
		long before = usedAfterGc(memory);

		AtomicLong maxInflight = new AtomicLong();
		AtomicBoolean sampling = new AtomicBoolean(true);
		Thread sampler = Thread.ofPlatform().start(() -> {
			while (sampling.get()) {
				maxInflight.accumulateAndGet(this.kernel.inflightBytes(), Math::max);
				java.util.concurrent.locks.LockSupport.parkNanos(200_000);
			}
		});
		// 320 deliveries, 32 at a time, while the handler holds every one it gets
		List<Reply> held = load(320);
		long during = usedAfterGc(memory);
		// then the handler lets its deliveries go while the load goes on
		Thread releaser = Thread.ofPlatform().start(() -> this.slow.gate.release(10_000));
		List<Reply> draining = load(160);
		releaser.join();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(60))).isTrue();
		sampling.set(false);
		sampler.join();

		System.out.printf("inflight-bytes figures: max in flight %d B (limit %d), heap after GC %d MB before,"
				+ " %d MB with the admitted deliveries held (+%d MB), %d of 320 admitted, %d of 160 while draining%n",
				maxInflight.get(), LIMIT, before >> 20, during >> 20, (during - before) >> 20, statuses(held, 202),
				statuses(draining, 202));
		assertThat(maxInflight.get()).isPositive().isLessThanOrEqualTo(LIMIT);
		// admission is checked before storing, against a snapshot: up to the 32 requests in flight can pass
		// it together, be stored (202) and then find the bus full; those wait for recovery, and the bytes
		// the bus holds still never pass the limit (above)
		assertThat(statuses(held, 202)).isBetween(1L, LIMIT / BODY + 32);
		assertThat(statuses(held, 429)).isEqualTo(320 - statuses(held, 202));
		assertThat(held).filteredOn((reply) -> reply.status() == 429).allSatisfy((reply) -> {
			assertThat(reply.retryAfter()).isEqualTo("1");
			assertThat(reply.contentType()).isEqualTo("application/problem+json");
			assertThat(reply.body()).contains("\"outcome\":\"throttled\"", "taobus is saturated");
		});
		assertThat(draining).allSatisfy((reply) -> assertThat(reply.status()).isIn(202, 429));
		assertThat(statuses(draining, 202)).isPositive();
		// what the admitted deliveries hold: their bodies (parsed: about twice the raw size) and little else
		assertThat(during - before).isLessThan(3 * LIMIT + 32L * 1024 * 1024);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.kernel.inflightBytes() == 0);
		assertThat(deliver(1).join().statusCode()).isEqualTo(202);
	}

	/** What a sender keeps of a reply (an HttpResponse would keep its request, 1 MB body included). */
	record Reply(int status, String retryAfter, String contentType, String body) {

		static Reply of(HttpResponse<String> response) {
			return new Reply(response.statusCode(), response.headers().firstValue("Retry-After").orElse(""),
					response.headers().firstValue("Content-Type").orElse(""), response.body());
		}

	}

	private List<Reply> load(int count) throws InterruptedException {
		Semaphore concurrent = new Semaphore(32);
		List<CompletableFuture<Reply>> replies = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			concurrent.acquire();
			replies.add(deliver(i).thenApply(Reply::of).whenComplete((reply, failure) -> concurrent.release()));
		}
		return replies.stream().map(CompletableFuture::join).toList();
	}

	private static long statuses(List<Reply> replies, int status) {
		return replies.stream().filter((reply) -> reply.status() == status).count();
	}

	private CompletableFuture<HttpResponse<String>> deliver(int i) {
		// every delivery its own body: GitHub signs the body only, and a body seen before is a replay (200)
		byte[] body = body(this.sequence.incrementAndGet());
		return this.http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/webhooks/github"))
			.header("Content-Type", "application/json")
			.header("X-GitHub-Event", "bulk")
			.header("X-GitHub-Delivery", UUID.randomUUID().toString())
			.header("X-Hub-Signature-256", "sha256=" + hmac(body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] body(int i) {
		byte[] body = new byte[BODY];
		Arrays.fill(body, (byte) 'x');
		byte[] head = ("{\"action\":\"held\",\"n\":" + i + ",\"blob\":\"").getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(head, 0, body, 0, head.length);
		body[BODY - 2] = '"';
		body[BODY - 1] = '}';
		return body;
	}

	private static String hmac(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long usedAfterGc(MemoryMXBean memory) {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	/** An async handler that holds each delivery until the test lets it go, one permit per call. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Slow {

		final Semaphore gate = new Semaphore(0);

		final CountDownLatch first = new CountDownLatch(1);

		@TaoAsync(term = "bulk", action = "held")
		void hold(AppCon appCon) throws InterruptedException {
			this.first.countDown();
			this.gate.tryAcquire(60, TimeUnit.SECONDS);
		}

	}

}
