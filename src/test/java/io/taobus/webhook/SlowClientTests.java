package io.taobus.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.taobus.E2eSupport;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Slow clients over a raw loopback socket: an upload that stalls mid-body, and a request whose headers
 * never end, are cut by the server (short timeouts here, {@code taobus.server.*} and
 * {@code server.netty.idle-timeout}) instead of holding the connection and its buffer; nothing runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "taobus.server.read-timeout=1s",
		"taobus.server.request-timeout=2s", "server.netty.idle-timeout=2s" })
@ActiveProfiles("e2e")
@Import(E2eSupport.Config.class)
class SlowClientTests {

	/** Far above the configured timeouts: reaching it means the server never cut the connection. */
	static final int GIVE_UP_MILLIS = 60_000;

	@LocalServerPort
	int port;

	@Autowired
	E2eSupport.Recording recording;

	@Autowired
	Kernel kernel;

	/** Sends the bytes, then nothing more, and reads what the server does: it must close the connection. */
	String stall(String sent) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(GIVE_UP_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write(sent.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder answer = new StringBuilder();
			try {
				for (int b = in.read(); b != -1; b = in.read()) {
					answer.append((char) b);
				}
			}
			catch (SocketTimeoutException ex) {
				fail("the server held a stalled connection open for " + GIVE_UP_MILLIS + " ms; it answered: " + answer);
			}
			catch (IOException ex) {
				// a reset is a cut too
			}
			return answer.toString();
		}
	}

	@Test
	void aStalledUploadIsCut() throws IOException {
		String answer = stall("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "X-GitHub-Event: slow\r\nX-Hub-Signature-256: sha256=00\r\nContent-Length: 100000\r\n\r\n{\"ref\":\"");
		// closed, with a 408 when the server could still answer, never a verdict on the half body
		assertThat(answer).satisfiesAnyOf((a) -> assertThat(a).isEmpty(),
				(a) -> assertThat(a).startsWith("HTTP/1.1 408").contains("\"outcome\":\"malformed\""));
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recording.of("slow")).isEmpty();
	}

	@Test
	void headersThatNeverEndAreCut() throws IOException {
		String answer = stall("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nX-GitHub-Event: slower\r\n");
		assertThat(answer).doesNotContain("202");
		assertThat(this.recording.of("slower")).isEmpty();
	}

}
