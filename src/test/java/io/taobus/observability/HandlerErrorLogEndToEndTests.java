package io.taobus.observability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A signed delivery whose inline handler fails, as an operator finds it in the log: one ERROR line
 * with the handler, its pattern, the sender's trace id and the delivery id, then the stack trace; its
 * async sibling's swallowed error at WARN the same way. (The context is {@link PrometheusScrapeTests}',
 * shared through the test context cache.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.tracing.sampling.probability=1.0")
@ActiveProfiles("e2e")
@Import(ScrapeTraffic.Handlers.class)
@ExtendWith(OutputCaptureExtension.class)
class HandlerErrorLogEndToEndTests {

	static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	@LocalServerPort
	int port;

	@Autowired
	Kernel kernel;

	@Test
	void inlineErrorAtErrorAndAsyncErrorAtWarnWithTraceIdDeliveryIdAndStackTrace(CapturedOutput output) throws Exception {
		// a failing handler logs at most once a second: another test's failure may have just used the second
		AtomicReference<String> sent = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			sent.set(new ScrapeTraffic(this.port).deliver("crash", "00-" + TRACE_ID + "-b7ad6b7169203331-01"));
			assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
			String out = output.getOut();
			return out.contains("(delivery " + sent.get() + "): java.lang.IllegalStateException: the crash test")
					&& out.contains("(delivery " + sent.get() + "): java.lang.IllegalStateException: the async crash test");
		});
		String delivery = sent.get();
		// github is an untrusted source: the delivery has its own trace (the sender's is only linked), and
		// both lines carry that trace's id in the log pattern's [app,traceId,spanId,delivery] prefix
		String traceId = traceIdOf(output.getOut(), delivery);
		assertThat(traceId).isNotEqualTo(TRACE_ID);
		// a log line and its stack trace may reach the captured output in separate writes
		await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().contains("ScrapeTraffic$PullHandlers.crash(")
				&& output.getOut().contains("ScrapeTraffic$PullHandlers.crashLater("));
		List<String> lines = output.getOut().lines().toList();
		assertThat(lines.get(index(lines, "(delivery " + delivery + "): java.lang.IllegalStateException: the crash test"))).contains("ERROR", traceId, delivery,
				"inline handler PullHandlers#crash on pull|crash|* failed for pull|crash|github (delivery " + delivery
						+ "): java.lang.IllegalStateException: the crash test");
		assertThat(trace(lines, index(lines, "(delivery " + delivery + "): java.lang.IllegalStateException: the crash test"))).containsExactly(
				"java.lang.IllegalStateException: the crash test",
				"\tat io.taobus.observability.ScrapeTraffic$PullHandlers.crash(ScrapeTraffic.java");
		assertThat(lines.get(index(lines, "(delivery " + delivery + "): java.lang.IllegalStateException: the async crash test"))).contains("WARN", traceId, delivery,
				"java.lang.IllegalStateException: the async crash test");
		assertThat(trace(lines, index(lines, "(delivery " + delivery + "): java.lang.IllegalStateException: the async crash test"))).containsExactly(
				"java.lang.IllegalStateException: the async crash test",
				"\tat io.taobus.observability.ScrapeTraffic$PullHandlers.crashLater(ScrapeTraffic.java");
	}

	static String traceIdOf(String out, String delivery) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\[taobus,([0-9a-f]{32}),[0-9a-f]{16}," + delivery + "]")
			.matcher(out);
		assertThat(matcher.find()).as("a log line with a trace id and delivery " + delivery).isTrue();
		return matcher.group(1);
	}

	/** The first two lines of the stack trace after line {@code index}, without line numbers and jar names. */
	static List<String> trace(List<String> lines, int index) {
		return lines.subList(index + 1, lines.size()).stream().filter((line) -> !line.isBlank()).limit(2)
			.map((line) -> line.replaceAll(":\\d+\\).*$", ""))
			.toList();
	}

	static int index(List<String> lines, String text) {
		for (int i = lines.size() - 1; i >= 0; i--) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		throw new AssertionError("no line contains " + text);
	}

}
