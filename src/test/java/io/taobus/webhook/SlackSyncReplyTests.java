package io.taobus.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.taobus.E2eSupport;
import io.taobus.handler.Reply;
import io.taobus.handler.TaoInline;
import io.taobus.handler.TaoResponse;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Slack source with {@code reply.mode: sync}, over real HTTP: a signed slash command is answered with
 * its response handler's message (the demonstration's {@code /quote}); one whose handler is held past the source's timeout is answered an
 * empty 200 and its message is posted, once it comes, to the command's {@code response_url} (a real
 * HTTP server here, its origin allowed), while a {@code response_url} of another origin is never
 * called; a command no response handler answers gets the empty 200; a failing handler a 500; a
 * {@link Reply} is answered, recorded and posted late under its own content type. The
 * slow handler is held by a latch; the wait is the source's configured timeout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"taobus.webhooks.sources.slack.reply.mode=sync", "taobus.webhooks.sources.slack.reply.timeout=3s" })
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import({ E2eSupport.Config.class, SlackSyncReplyTests.Commands.class })
class SlackSyncReplyTests {

	static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

	/** Slack's side of response_url: what was posted to it, by path. */
	static final Map<String, List<String>> posted = new ConcurrentHashMap<>();

	static final HttpServer followUps = followUpServer();

	@DynamicPropertySource
	static void followUpOrigin(DynamicPropertyRegistry registry) {
		registry.add("taobus.webhooks.sources.slack.reply.follow-up-origins",
				() -> "http://127.0.0.1:" + followUps.getAddress().getPort());
	}

	@AfterAll
	static void stopFollowUps() {
		followUps.stop(0);
	}

	@Autowired
	WebTestClient client;

	@Autowired
	E2eSupport.Recording recording;

	@Autowired
	Held held;

	@AfterEach
	void release() {
		this.held.latches.values().forEach(CountDownLatch::countDown);
	}

	WebTestClient.ResponseSpec command(String command, String text, String responseUrl) {
		return command(commandBody(command, text, responseUrl));
	}

	static String commandBody(String command, String text, String responseUrl) {
		return "team_id=T1&channel_id=C1&user_name=roadrunner&command=" + encode(command) + "&text=" + encode(text)
				+ "&response_url=" + encode(responseUrl) + "&trigger_id=" + UUID.randomUUID();
	}

	WebTestClient.ResponseSpec command(String body) {
		long now = System.currentTimeMillis() / 1000;
		String signature = "v0=" + E2eSupport.hex(E2eSupport.hmac(SECRET, "v0:" + now + ":", body));
		return this.client.post().uri("/webhooks/slack").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header("X-Slack-Request-Timestamp", String.valueOf(now)).header("X-Slack-Signature", signature)
			.bodyValue(body).exchange();
	}

	static String followUp(String path) {
		return "http://127.0.0.1:" + followUps.getAddress().getPort() + path;
	}

	@Test
	void aSlashCommandIsAnsweredWithItsHandlersMessage() {
		command("/quote", "ACME", followUp("/commands/fast")).expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.response_type").isEqualTo("ephemeral")
			.jsonPath("$.text").isEqualTo("ACME is at 49.0");
		assertThat(posted).doesNotContainKey("/commands/fast");
	}

	@Test
	void aLateMessageIsAnEmpty200ThenPostedToTheResponseUrl() {
		String text = "late-" + UUID.randomUUID();
		command("/slow", text, followUp("/commands/late")).expectStatus().isOk().expectBody().isEmpty();
		this.held.latch(text).countDown();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(posted.get("/commands/late"))
			.containsExactly("{\"text\":\"done: " + text + "\"}"));
	}

	@Test
	void aResponseUrlOfAnotherOriginIsNeverCalled() {
		String text = "elsewhere-" + UUID.randomUUID();
		// the same server under another name: another origin, which a broken check would reach
		String other = "http://localhost:" + followUps.getAddress().getPort() + "/commands/other";
		command("/slow", text, other).expectStatus().isOk().expectBody().isEmpty();
		this.held.latch(text).countDown();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.held.done.contains(text));
		// its response came, and would be posted within moments of it: nothing arrives, for a whole second
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> !posted.containsKey("/commands/other"));
	}

	@Test
	void aCommandWithoutAResponseIsAnEmpty200AndAFailingHandlerA500() {
		command("/unanswered", "x", followUp("/commands/none")).expectStatus().isOk().expectBody().isEmpty();
		command("/broken", "x", followUp("/commands/broken")).expectStatus().isEqualTo(500)
			.expectBody().jsonPath("$.outcome").isEqualTo("handler_failed");
	}

	@Test
	void aReplyIsAnsweredUnderItsOwnContentTypeAndShownSoInTheDeliverysView() {
		String body = commandBody("/twiml", "hi", followUp("/commands/twiml"));
		command(body).expectStatus().isOk()
			.expectHeader().contentType("application/xml;charset=UTF-8")
			.expectBody(String.class).isEqualTo("<Response><Message>hi</Message></Response>");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> view(body).expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("completed")
			.jsonPath("$.response.contentType").isEqualTo("application/xml;charset=UTF-8")
			.jsonPath("$.response.body").isEqualTo("<Response><Message>hi</Message></Response>"));
	}

	@Test
	void aResponseWithoutDataIsAnEmpty200AndTheViewStaysJson() {
		String body = commandBody("/blank", "x", followUp("/commands/blank"));
		command(body).expectStatus().isOk().expectBody().isEmpty();
		// the empty answer once made the view's JSON invalid ("response": with no value)
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> view(body).expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("completed")
			.jsonPath("$.response").doesNotExist());
	}

	@Test
	void aLateReplyIsPostedUnderItsContentType() {
		String text = "late-text-" + UUID.randomUUID();
		command("/slowtext", text, followUp("/commands/late-text")).expectStatus().isOk().expectBody().isEmpty();
		this.held.latch(text).countDown();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(posted.get("/commands/late-text"))
			.containsExactly("text/plain;charset=UTF-8 done: " + text));
	}

	/** The view of the delivery of a command (its id is the command's trigger id), with its recorded response. */
	WebTestClient.ResponseSpec view(String body) {
		String triggerId = body.substring(body.indexOf("trigger_id=") + "trigger_id=".length());
		return this.client.get().uri("/tao/deliveries/slack/{id}?body=true", triggerId)
			.header("Authorization", "Bearer test-api-token").exchange();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static HttpServer followUpServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				String type = exchange.getRequestHeaders().getFirst("Content-Type");
				posted.computeIfAbsent(exchange.getRequestURI().getPath(), (path) -> new CopyOnWriteArrayList<>())
					.add(type.startsWith("application/json") ? body : type + " " + body);
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Commands {

		@Bean
		Held held() {
			return new Held();
		}

	}

	/**
	 * Slash command handlers beside the demonstration's {@code /quote} (the e2e profile turns it on): a
	 * slow one held by a latch per text, none, and a failing one.
	 */
	static class Held {

		final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

		final List<String> done = new CopyOnWriteArrayList<>();

		CountDownLatch latch(String text) {
			return this.latches.computeIfAbsent(text, (key) -> new CountDownLatch(1));
		}

		@TaoInline(term = "/slow", orient = "slack")
		@TaoResponse
		AppCon slow(Map<String, String> command) throws InterruptedException {
			String text = command.get("text");
			latch(text).await(20, TimeUnit.SECONDS);
			this.done.add(text);
			return AppCon.of(Trigram.of("Slack", "Reply", "slack"), Map.of("text", "done: " + text));
		}

		@TaoInline(term = "/slowtext", orient = "slack")
		@TaoResponse
		AppCon slowText(Map<String, String> command) throws InterruptedException {
			String text = command.get("text");
			latch(text).await(20, TimeUnit.SECONDS);
			return AppCon.of(Trigram.of("Slack", "Reply", "slack"), Reply.of("text/plain;charset=UTF-8", "done: " + text));
		}

		@TaoInline(term = "/twiml", orient = "slack")
		@TaoResponse
		AppCon twiml(Map<String, String> command) {
			return AppCon.of(Trigram.of("Slack", "Reply", "slack"), Reply.of("application/xml;charset=UTF-8",
					"<Response><Message>" + command.get("text") + "</Message></Response>"));
		}

		@TaoInline(term = "/blank", orient = "slack")
		@TaoResponse
		AppCon blank() {
			return AppCon.of(Trigram.of("Slack", "Reply", "slack"), null);
		}

		@TaoInline(term = "/unanswered", orient = "slack")
		@TaoResponse
		AppCon unanswered() {
			return null;
		}

		@TaoInline(term = "/broken", orient = "slack")
		@TaoResponse
		AppCon broken() {
			throw new IllegalStateException("the desk is closed");
		}

	}

}
