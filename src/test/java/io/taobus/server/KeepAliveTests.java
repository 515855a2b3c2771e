package io.taobus.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every request on a kept-alive HTTP/1.1 connection is answered, one after another, as a sender that
 * reuses its connection (every webhook provider, Prometheus, a load balancer's probe) sends them.
 * Reactor Netty 1.3.7 sometimes stopped reading such a connection once a request came in before the
 * previous one's handling had ended (reactor/reactor-netty#4361): the request was answered only when
 * the client gave up and closed the connection, about one in a hundred here. The test fails on the
 * first request not answered within {@link #ANSWER}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "taobus.example.enabled=false")
@ActiveProfiles("e2e")
class KeepAliveTests {

	static final int REQUESTS = 3000;

	static final Duration ANSWER = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Test
	void everyRequestOnAKeptAliveConnectionIsAnswered() throws Exception {
		// the JDK's client keeps one HTTP/1.1 connection alive and sends the next request once the answer is in
		String[] paths = { "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus" };
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			for (int i = 0; i < REQUESTS; i++) {
				String path = paths[i % paths.length];
				HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.timeout(ANSWER)
					.build();
				try {
					HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
					assertThat(response.statusCode()).as(path).isEqualTo(200);
				}
				catch (HttpTimeoutException ex) {
					fail("request " + (i + 1) + " of " + REQUESTS + " (" + path + ") was not answered within "
							+ ANSWER.toSeconds() + " s on a kept-alive connection");
				}
			}
		}
	}

}
