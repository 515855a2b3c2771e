package io.taobus.durability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed GitHub deliveries over real HTTP, and a concurrent load of them that records, per delivery id,
 * what the sender learnt: acknowledged (202, or 200 duplicate), refused (another status: the sender
 * retries), or in doubt (no answer: the connection failed, as when the server is killed, or no answer
 * came within {@link #ANSWER_WITHIN}).
 */
final class SignedLoad {

	/** A delivery not answered within this is in doubt, as one whose connection failed: a server that hangs fails the load. */
	static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

	private SignedLoad() {
	}

	/** A body of its own for each id: the replay defence of body-only signatures refuses a body seen before. */
	static String body(String id) {
		return "{\"ref\":\"refs/heads/main\",\"delivery\":\"" + id + "\",\"pad\":\"" + "x".repeat(900) + "\"}";
	}

	static HttpRequest delivery(String base, String id, String event) {
		String body = body(id);
		return HttpRequest.newBuilder(URI.create(base + "/webhooks/github"))
			.timeout(ANSWER_WITHIN)
			.header("Content-Type", "application/json")
			.header("X-GitHub-Event", event)
			.header("X-GitHub-Delivery", id)
			.header("X-Hub-Signature-256", "sha256=" + hmac(body))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	/** Sends one delivery: its status, or -1 when no answer came. */
	static int send(TaobusProcess taobus, String id, String event) {
		try {
			HttpResponse<String> response = taobus.send(delivery(taobus.base(), id, event));
			return response.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	static String hmac(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(TaobusProcess.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends every id once from {@code concurrency} virtual threads; after each acknowledgement
	 * {@code afterAck} is told how many there are so far, and the first time it answers {@code true} it
	 * has killed the server (the load goes on, its requests now in doubt).
	 */
	static Result run(TaobusProcess taobus, List<String> ids, String event, int concurrency, IntPredicate afterAck)
			throws Exception {
		ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(ids);
		Set<String> acked = ConcurrentHashMap.newKeySet();
		Set<String> refused = ConcurrentHashMap.newKeySet();
		Set<String> inDoubt = ConcurrentHashMap.newKeySet();
		AtomicInteger acks = new AtomicInteger();
		AtomicBoolean killed = new AtomicBoolean();
		try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> running = new java.util.ArrayList<>();
			for (int i = 0; i < concurrency; i++) {
				running.add(senders.submit(() -> {
					for (String id = queue.poll(); id != null; id = queue.poll()) {
						int status = send(taobus, id, event);
						if (status == 202 || status == 200) {
							acked.add(id);
							int count = acks.incrementAndGet();
							if (!killed.get() && afterAck.test(count)) {
								killed.set(true);
							}
						}
						else if (status == -1) {
							inDoubt.add(id);
						}
						else {
							refused.add(id);
						}
					}
				}));
			}
			for (Future<?> sender : running) {
				sender.get();
			}
		}
		return new Result(Set.copyOf(acked), Set.copyOf(refused), Set.copyOf(inDoubt), killed.get());
	}

	/**
	 * What the senders learnt.
	 * @param acked answered 202 or 200
	 * @param refused answered with another status
	 * @param inDoubt never answered
	 * @param killed whether the server was killed during the load
	 */
	record Result(Set<String> acked, Set<String> refused, Set<String> inDoubt, boolean killed) {
	}

}
