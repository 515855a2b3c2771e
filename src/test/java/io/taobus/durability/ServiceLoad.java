package io.taobus.durability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Webhook senders behind a Service: signed GitHub {@code push} deliveries arriving at a steady rate
 * until stopped, whatever the answers take (an open load, as webhooks arrive: each one on a virtual
 * thread of its own), a fresh delivery id (and so a fresh body) each, and each on a connection of its
 * own ({@code Connection: close}, as a webhook sender that does not keep connections to a receiver), so
 * that every delivery is routed anew by the {@link ServiceProxy}. Every answer is recorded: its status,
 * or {@value #NO_ANSWER} when the connection was refused, reset or closed before a status line came.
 */
final class ServiceLoad implements AutoCloseable {

	static final int NO_ANSWER = -1;

	private final int port;

	private final String prefix;

	private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger();

	private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

	private final ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor();

	ServiceLoad(ServiceProxy service, String prefix, int perSecond) {
		this.port = service.port();
		this.prefix = prefix;
		this.arrivals.scheduleAtFixedRate(() -> this.senders.submit(this::send), 0, 1_000_000 / perSecond,
				TimeUnit.MICROSECONDS);
	}

	private void send() {
		String id = this.prefix + "-" + this.sequence.incrementAndGet();
		this.statuses.put(id, post(id));
	}

	private int post(String id) {
		byte[] body = SignedLoad.body(id).getBytes(StandardCharsets.UTF_8);
		String head = "POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n"
				+ "Content-Type: application/json\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: " + id + "\r\n"
				+ "X-Hub-Signature-256: sha256=" + SignedLoad.hmac(SignedLoad.body(id)) + "\r\nContent-Length: "
				+ body.length + "\r\n\r\n";
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			// "HTTP/1.1 202 Accepted": nothing at all is a connection closed before an answer
			return response.startsWith("HTTP/1.1 ") ? Integer.parseInt(response.substring(9, 12)) : NO_ANSWER;
		}
		catch (IOException ex) {
			return NO_ANSWER;
		}
	}

	/** How many deliveries were answered 202 so far. */
	long accepted() {
		return this.statuses.values().stream().filter((status) -> status == 202).count();
	}

	/** Stops the arrivals, waits for the answers of those sent, and returns what every delivery was answered. */
	Map<String, Integer> stop() throws InterruptedException {
		this.arrivals.shutdown();
		this.arrivals.awaitTermination(1, TimeUnit.MINUTES);
		this.senders.close();
		return Map.copyOf(this.statuses);
	}

	/** How many deliveries got each status. */
	static Map<Integer, Long> counts(Map<String, Integer> statuses) {
		return statuses.values().stream().collect(Collectors.groupingBy((status) -> status, TreeMap::new, Collectors.counting()));
	}

	@Override
	public void close() {
		this.arrivals.shutdownNow();
		this.senders.shutdownNow();
	}

}
