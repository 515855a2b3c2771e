package io.taobus.config;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.taobus.TaobusApplication;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of a real shutdown: readiness goes down first, a delivery whose request is still arriving
 * is finished by the web server's graceful shutdown and admitted by a kernel that has not drained yet
 * (202, not 503: the sender is not told to retry what was in flight), then the kernel drains, once.
 */
class GracefulShutdownTests {

	@Test
	void aRequestInFlightWhenShutdownBeginsIsAdmittedBeforeTheKernelDrains() throws Exception {
		CountDownLatch refusing = new CountDownLatch(1);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TaobusApplication.class)
			.profiles("e2e")
			.properties("server.port=0", "taobus.example.enabled=false")
			.listeners((ApplicationListener<AvailabilityChangeEvent<?>>) (event) -> {
				if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
					refusing.countDown();
				}
			})
			.run();
		Kernel kernel = context.getBean(Kernel.class);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		byte[] body = "{\"type\":\"thing.happened\"}".getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /webhooks/open HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, 10);
			out.flush();
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			assertThat(refusing.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(kernel.isClosed()).isFalse();
			out.write(body, 10, body.length - 10);
			out.flush();
			String response = read(socket.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 202");
			closing.get(60, TimeUnit.SECONDS);
		}
		assertThat(kernel.isClosed()).isTrue();
		assertThat(kernel.awaitIdle(Duration.ZERO)).isTrue();
	}

	private static String read(InputStream in) throws java.io.IOException {
		StringBuilder response = new StringBuilder();
		int c;
		while ((c = in.read()) != -1) {
			response.append((char) c);
			if (response.indexOf("\r\n\r\n") >= 0) {
				break;
			}
		}
		return response.toString();
	}

}
