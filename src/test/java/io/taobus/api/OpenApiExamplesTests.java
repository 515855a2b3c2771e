package io.taobus.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.taobus.E2eSupport;
import io.taobus.inbox.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example response of the OpenAPI document is what the endpoint really answers: each request is
 * sent over HTTP (the document's own request examples where it has them) and the body compared with
 * the example, field by field; so are the 405 and the live stream's 401, {@code outcome} included.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(E2eSupport.Config.class)
class OpenApiExamplesTests {

	static final String SECRET = "It's a Secret to Everybody";

	static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final String TOKEN = "Bearer test-api-token";

	/** The delivery id of the document's GitHub push example (WebhookExamples). */
	static final String GITHUB_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

	@Autowired
	WebTestClient client;

	@Autowired
	MutableClock clock;

	JsonNode spec;

	@BeforeEach
	void readTheDocument() {
		this.clock.set(Instant.now());
		this.spec = JsonMapper.shared().readTree(this.client.get().uri("/v3/api-docs").exchange().expectBody().returnResult()
			.getResponseBody());
	}

	JsonNode example(String operation, String status, String mediaType, String name) {
		JsonNode value = this.spec.at(operation + "/responses/" + status + "/content/" + OpenApiTests.escape(mediaType)
				+ "/examples/" + name.replace("~", "~0").replace("/", "~1") + "/value");
		assertThat(value.isMissingNode()).as("%s %s %s", operation, status, name).isFalse();
		return value;
	}

	static JsonNode body(WebTestClient.ResponseSpec response, int status) {
		return JsonMapper.shared().readTree(response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody());
	}

	void same(String path, int status, String name, WebTestClient.ResponseSpec response) {
		String operation = "/paths/" + OpenApiTests.escape(path) + (path.equals("/tao/stream") ? "/get" : "/post");
		String mediaType = (status < 300) ? "application/json" : "application/problem+json";
		assertThat(body(response, status)).as("%s %d %s", path, status, name)
			.isEqualTo(example(operation, String.valueOf(status), mediaType, name));
	}

	WebTestClient.RequestBodySpec github(String body, boolean signed) {
		WebTestClient.RequestBodySpec request = this.client.post().uri("/webhooks/github").contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Delivery", GITHUB_DELIVERY);
		return signed ? request.header("X-Hub-Signature-256", "sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, body))) : request;
	}

	@Test
	void theWebhookExamplesAreTheRealBodies() {
		String push = this.spec.at("/paths/~1webhooks~1{source}/post/requestBody/content/application~1json/examples/GitHub push/value")
			.toString();
		same("/webhooks/{source}", 202, "GitHub push", github(push, true).header("X-GitHub-Event", "push").bodyValue(push).exchange());
		JsonNode duplicate = body(github(push, true).header("X-GitHub-Event", "push").bodyValue(push).exchange(), 200);
		assertThat(duplicate).isEqualTo(example("/paths/~1webhooks~1{source}/post", "200", "application/json", "duplicate"));
		same("/webhooks/{source}", 400, "no trigram", github("{}", true).bodyValue("{}").exchange());
		same("/webhooks/{source}", 401, "missing signature", github(push, false).bodyValue(push).exchange());
		String stale = String.valueOf(this.clock.instant().getEpochSecond() - 3600);
		byte[] key = Base64.getDecoder().decode(SW_SECRET.substring("whsec_".length()));
		String signature = Base64.getEncoder().encodeToString(E2eSupport.hmac(key, "msg_stale." + stale + ".{}"));
		same("/webhooks/{source}", 401, "stale timestamp", this.client.post().uri("/webhooks/sw").contentType(MediaType.APPLICATION_JSON)
			.header("webhook-id", "msg_stale").header("webhook-timestamp", stale)
			.header("webhook-signature", "v1," + signature).bodyValue("{}").exchange());
		same("/webhooks/{source}", 404, "unknown source",
				this.client.post().uri("/webhooks/nobody").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange());
		same("/webhooks/{source}", 415, "unsupported media type",
				this.client.post().uri("/webhooks/github").contentType(MediaType.TEXT_PLAIN).bodyValue("hi").exchange());
		byte[] large = new byte[1024 * 1024 + 1];
		java.util.Arrays.fill(large, (byte) ' ');
		// the example is the smallest source limit's, the first source by name among them: ce's 1MB
		same("/webhooks/{source}", 413, "too large", this.client.post().uri("/webhooks/ce")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(large).exchange());
		same("/webhooks/{source}", 405, "method not allowed", this.client.get().uri("/webhooks/github").exchange());
	}

	@Test
	void theAppConExamplesAreTheRealBodies() {
		String appCon = this.spec.at("/paths/~1tao~1appcons/post/requestBody/content/application~1json/examples/generic AppCon/value")
			.toString();
		JsonNode accepted = body(this.client.post().uri("/tao/appcons").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", TOKEN).bodyValue(appCon).exchange(), 202);
		ObjectNode expected = (ObjectNode) example("/paths/~1tao~1appcons/post", "202", "application/json", "generic AppCon").deepCopy();
		assertThat(accepted.get("id").asString()).matches("[0-9a-f-]{36}");
		assertThat(accepted).isEqualTo(expected.put("id", accepted.get("id").asString()));
		for (int i = 0; i < 2; i++) {
			WebTestClient.ResponseSpec response = this.client.post().uri("/tao/appcons").contentType(MediaType.APPLICATION_JSON)
				.header("Authorization", TOKEN).header("Idempotency-Key", AppConExamples.IDEMPOTENCY_KEY).bodyValue(appCon).exchange();
			if (i == 1) {
				same("/tao/appcons", 200, "Idempotency-Key: " + AppConExamples.IDEMPOTENCY_KEY, response);
			}
		}
		same("/tao/appcons", 400, "no term", this.client.post().uri("/tao/appcons").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", TOKEN).bodyValue("{\"action\":\"Enter\",\"orient\":\"Portal\"}").exchange());
		same("/tao/appcons", 401, "no token",
				this.client.post().uri("/tao/appcons").contentType(MediaType.APPLICATION_JSON).bodyValue(appCon).exchange());
		same("/tao/appcons", 415, "unsupported media type", this.client.post().uri("/tao/appcons").contentType(MediaType.TEXT_PLAIN)
			.header("Authorization", TOKEN).bodyValue("hi").exchange());
		same("/tao/appcons", 405, "method not allowed", this.client.delete().uri("/tao/appcons").exchange());
	}

	@Test
	void theContextExamplesAreTheRealBodies() {
		String request = this.spec.at("/paths/~1tao~1context/post/requestBody/content/application~1json/examples/a request/value")
			.toString();
		same("/tao/context", 200, "a quote", this.client.post().uri("/tao/context").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", TOKEN).bodyValue(request).exchange());
		same("/tao/context", 400, "no term", this.client.post().uri("/tao/context").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", TOKEN).bodyValue("{\"action\": \"Ask\", \"orient\": \"Api\"}").exchange());
		same("/tao/context", 401, "no token",
				this.client.post().uri("/tao/context").contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange());
		same("/tao/context", 415, "unsupported media type", this.client.post().uri("/tao/context")
			.contentType(MediaType.TEXT_PLAIN).header("Authorization", TOKEN).bodyValue("hi").exchange());
		same("/tao/context", 405, "method not allowed", this.client.get().uri("/tao/context").exchange());
		same("/tao/context", 500, "no response", this.client.post().uri("/tao/context").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", TOKEN).bodyValue("{\"term\": \"Nobody\", \"action\": \"Answers\", \"orient\": \"Api\"}")
			.exchange());
	}

	@Test
	void theStreamExampleHasTheShapeOfARealEvent() {
		String example = this.spec.at("/paths/~1tao~1stream/get/responses/200/content/text~1event-stream/examples/an AppCon/value")
			.asString();
		assertThat(example).contains(":heartbeat").contains("event:appcon");
		JsonNode expected = JsonMapper.shared().readTree(example.lines().filter((line) -> line.startsWith("data:")).findFirst()
			.orElseThrow().substring("data:".length()));
		Flux<ServerSentEvent<String>> events = this.client.get().uri("/tao/stream?term=push&orient=github")
			.header("Authorization", TOKEN).accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody();
		String push = "{\"ref\":\"refs/heads/main\"}";
		AtomicBoolean sent = new AtomicBoolean();
		// the first heartbeat says the stream is subscribed to the bus: only then is the delivery sent
		ServerSentEvent<String> event = events.doOnNext((e) -> {
			if (e.data() == null && sent.compareAndSet(false, true)) {
				Thread.startVirtualThread(() -> this.client.post().uri("/webhooks/github").contentType(MediaType.APPLICATION_JSON)
					.header("X-GitHub-Event", "push").header("X-GitHub-Delivery", UUID.randomUUID().toString())
					.header("X-Hub-Signature-256", "sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, push)))
					.bodyValue(push).exchange().expectStatus().isAccepted());
			}
		}).filter((e) -> e.data() != null).blockFirst(Duration.ofSeconds(30));
		assertThat(event).isNotNull();
		assertThat(event.event()).isEqualTo("appcon");
		JsonNode real = JsonMapper.shared().readTree(event.data());
		assertThat(real.propertyNames()).containsExactlyElementsOf(expected.propertyNames());
		assertThat(real.get("data").propertyNames()).containsExactlyElementsOf(expected.get("data").propertyNames());
		assertThat(real.at("/data/push")).isEqualTo(expected.at("/data/push"));
		assertThat(real.at("/data/github").propertyNames()).containsExactlyElementsOf(expected.at("/data/github").propertyNames());
		assertThat(real.at("/data/github/headers/x-github-event")).isEqualTo(expected.at("/data/github/headers/x-github-event"));
	}

	@Test
	void the405AndTheStreams401CarryAnOutcomeLikeEveryOtherProblem() {
		this.client.put().uri("/tao/appcons").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
			.expectStatus().isEqualTo(405)
			.expectHeader().valueEquals("Allow", "POST")
			.expectBody().jsonPath("$.outcome").isEqualTo("method_not_allowed")
			.jsonPath("$.type").isEqualTo("urn:taobus:problem:method-not-allowed");
		for (String accept : new String[] { MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE }) {
			WebTestClient.ResponseSpec response = this.client.get().uri("/tao/stream").header("Accept", accept)
				.header("Authorization", "Bearer nope").exchange();
			response.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"taobus\"");
			same("/tao/stream", 401, "no token", response);
		}
		String body = new String(this.client.get().uri("/tao/stream").exchange().expectStatus().isUnauthorized().expectBody()
			.returnResult().getResponseBody(), StandardCharsets.UTF_8);
		assertThat(body).contains("\"outcome\":\"unauthorized\"");
	}

}
