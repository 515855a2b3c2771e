package io.taobus.inbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Impatient operators under a signed load, over real HTTP on a real store: clients that disconnect
 * mid-query, hundreds of times, on every endpoint of the deliveries API (list, find with body, replay
 * one, bulk replay), while signed deliveries arrive. Each delivery of the load is answered 202, and after
 * the storm the store is usable: new deliveries are 202 and complete, the API answers, readiness is UP.
 * Before the fix, Reactor's cancel interrupted the query's thread inside the JDBC driver, which closed the
 * embedded H2 database (every later delivery got 503). Subclasses pick the store.
 */
abstract class OperatorDisconnectTests {

	static final int PREFILL = 1_500;

	static final int LOAD = 600;

	static final int DISCONNECTS_PER_ENDPOINT = 100;

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	InboxHttp.Handlers handlers;

	@Test
	void clientsDisconnectingMidQueryOnEveryOperatorEndpointLeaveTheStoreUsable() throws Exception {
		Map<String, Integer> prefill = load("pre-", PREFILL, 8);
		assertThat(prefill.values()).as("the prefill is acknowledged").containsOnly(202);
		String token = InboxHttp.TOKEN;
		List<String> requests = List.of(ClientDisconnects.get("/tao/deliveries?limit=500", token),
				ClientDisconnects.get("/tao/deliveries?limit=500&status=failed", token),
				ClientDisconnects.get("/tao/deliveries/github/pre-7?body=true", token),
				ClientDisconnects.post("/tao/deliveries/github/pre-9/replay", "", token),
				ClientDisconnects.post("/tao/deliveries/replay", "{\"source\":\"github\",\"status\":\"failed\"}", token));
		Map<String, Integer> during;
		try (ExecutorService storm = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> disconnects = requests.stream()
				.map((request) -> storm.submit(() -> {
					ClientDisconnects.disconnect(this.port, request, DISCONNECTS_PER_ENDPOINT);
					return null;
				}))
				.<Future<?>>map((future) -> future)
				.toList();
			during = load("during-", LOAD, 4);
			for (Future<?> disconnect : disconnects) {
				disconnect.get();
			}
		}
		assertThat(during.values()).as("every delivery sent during the disconnects is acknowledged").containsOnly(202);

		Map<String, Integer> after = load("after-", 50, 4);
		assertThat(after.values()).as("deliveries after the disconnects are acknowledged").containsOnly(202);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.handlers.runsOf("after-49") == 1 && completed("after-49"));
		assertThat(call(HttpRequest.newBuilder(uri("/tao/deliveries?limit=500")).header("Authorization", InboxHttp.TOKEN)
			.build()).statusCode()).as("the operator API answers").isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> call(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build()).statusCode() == 200);
	}

	/** Signed deliveries {@code prefix0..count-1} from {@code senders} virtual threads: the status of each. */
	private Map<String, Integer> load(String prefix, int count, int senders) throws Exception {
		Map<String, Integer> statuses = new ConcurrentHashMap<>();
		try (ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int sender = 0; sender < senders; sender++) {
				int first = sender;
				sending.submit(() -> {
					for (int i = first; i < count; i += senders) {
						String id = prefix + i;
						statuses.put(id, send(id));
					}
					return null;
				});
			}
		}
		assertThat(statuses).hasSize(count);
		return statuses;
	}

	private int send(String id) {
		String body = "{\"ref\":\"refs/heads/main\",\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(800) + "\"}";
		HttpRequest request = HttpRequest.newBuilder(uri("/webhooks/github"))
			.header("Content-Type", "application/json")
			.header("X-GitHub-Event", "push")
			.header("X-GitHub-Delivery", id)
			.header("X-Hub-Signature-256", "sha256=" + InboxHttp.hmac(body))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return call(request).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private boolean completed(String id) throws IOException {
		String body = call(HttpRequest.newBuilder(uri("/tao/deliveries/github/" + id)).header("Authorization", InboxHttp.TOKEN)
			.build()).body();
		return body.contains("\"status\":\"completed\"");
	}

	private HttpResponse<String> call(HttpRequest request) throws IOException {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
