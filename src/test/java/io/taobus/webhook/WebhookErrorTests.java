package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import io.taobus.E2eSupport;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of the status contract, over HTTP, as RFC 9457 problem details that never echo a
 * secret or the payload; and the bad input a stranger may send.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(E2eSupport.Config.class)
class WebhookErrorTests {

	static final String SECRET = "It's a Secret to Everybody";

	@Autowired
	WebTestClient client;

	@Autowired
	E2eSupport.Recording recording;

	WebTestClient.RequestBodySpec github(byte[] body, String event) {
		return this.client.post()
			.uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Event", event)
			.header("X-GitHub-Delivery", UUID.randomUUID().toString())
			.header("X-Hub-Signature-256", "sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, body)));
	}

	static void problem(WebTestClient.ResponseSpec response, int status, String outcome) {
		byte[] body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(status)
			.jsonPath("$.outcome").isEqualTo(outcome)
			.jsonPath("$.type").isEqualTo("urn:taobus:problem:" + outcome.replace('_', '-'))
			.jsonPath("$.detail").exists()
			.returnResult()
			.getResponseBody();
		String text = new String(body, StandardCharsets.UTF_8);
		assertThat(text).doesNotContain(SECRET).doesNotContain("at io.taobus").doesNotContain("Exception");
	}

	@Test
	void unknownSourceIs404() {
		problem(this.client.post().uri("/webhooks/nobody").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(),
				404, "unknown_source");
	}

	@Test
	void wrongMethodIs405WithProblemDetails() {
		for (String path : new String[] { "/webhooks/github", "/webhooks/nobody", "/tao/appcons" }) {
			this.client.get()
				.uri(path)
				.exchange()
				.expectStatus().isEqualTo(405)
				.expectHeader().valueEquals("Allow", "POST")
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.status").isEqualTo(405);
		}
		this.client.put()
			.uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus().isEqualTo(405);
	}

	@Test
	void unsupportedOrMissingContentTypeIs415() {
		problem(this.client.post().uri("/webhooks/github").contentType(MediaType.TEXT_PLAIN).bodyValue("{}").exchange(), 415,
				"unsupported_media_type");
		problem(this.client.post().uri("/webhooks/github").bodyValue(new byte[] { '{', '}' }).exchange(), 415,
				"unsupported_media_type");
		problem(this.client.post()
			.uri("/webhooks/ce")
			.contentType(MediaType.parseMediaType("application/cloudevents-batch+json"))
			.bodyValue("[]")
			.exchange(), 415, "unsupported_media_type");
	}

	@Test
	void tenMegabyteBodyIs413WhetherDeclaredOrStreamed() {
		// stripe's limit is the default 1MB: taobus.webhooks.max-body-size is unset, Stripe sends no more
		byte[] big = new byte[10 * 1024 * 1024];
		Arrays.fill(big, (byte) ' ');
		problem(stripe().bodyValue(big).exchange(), 413, "too_large");
		Flux<DataBuffer> chunks = Flux.range(0, 160).map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));
		problem(stripe().body(chunks, DataBuffer.class).exchange(), 413, "too_large");
	}

	@Test
	void aTwoMegabyteSignedGitHubDeliveryIsAcceptedByDefaultAndOneOverItsLimitIs413() {
		byte[] push = ("{\"ref\":\"refs/heads/big\",\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		github(push, "push").bodyValue(push).exchange().expectStatus().isEqualTo(202)
			.expectBody().jsonPath("$.term").isEqualTo("push");
		byte[] tooBig = new byte[25 * 1024 * 1024 + 1];
		Arrays.fill(tooBig, (byte) ' ');
		this.client.post().uri("/webhooks/github").contentType(MediaType.APPLICATION_JSON).bodyValue(tooBig).exchange()
			.expectStatus().isEqualTo(413)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.outcome").isEqualTo("too_large")
			.jsonPath("$.detail").isEqualTo("the body is larger than 26214400 bytes (taobus.webhooks.sources.github.max-body-size)");
	}

	WebTestClient.RequestBodySpec stripe() {
		return this.client.post().uri("/webhooks/stripe").contentType(MediaType.APPLICATION_JSON)
			.header("Stripe-Signature", "t=1,v1=00");
	}

	@Test
	void missingInvalidOrDoubledSignaturesAre401() {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		problem(this.client.post()
			.uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Event", "push")
			.bodyValue(body)
			.exchange(), 401, "invalid_signature");
		problem(this.client.post()
			.uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Event", "push")
			.header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
			.bodyValue(body)
			.exchange(), 401, "invalid_signature");
		String valid = "sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, body));
		problem(this.client.post()
			.uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Event", "push")
			.header("X-Hub-Signature-256", valid, "sha256=" + "0".repeat(64))
			.bodyValue(body)
			.exchange(), 401, "invalid_signature");
	}

	@Test
	void staleTimestampIs401() {
		String body = "{\"id\":\"evt_1\",\"type\":\"a.b\"}";
		long old = System.currentTimeMillis() / 1000 - 3600;
		String v1 = E2eSupport.hex(E2eSupport.hmac("whsec_test_secret", old + ".", body));
		problem(this.client.post()
			.uri("/webhooks/stripe")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Stripe-Signature", "t=" + old + ",v1=" + v1)
			.bodyValue(body)
			.exchange(), 401, "stale_timestamp");
	}

	@Test
	void signedButMalformedBodiesAre400() {
		byte[] truncated = "{\"ref\":\"refs/heads/ma".getBytes(StandardCharsets.UTF_8);
		byte[] deep = "[".repeat(100_000).getBytes(StandardCharsets.UTF_8);
		byte[] invalidUtf8 = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		byte[] empty = new byte[0];
		byte[] notJson = "Hello, World!".getBytes(StandardCharsets.UTF_8);
		for (byte[] body : new byte[][] { truncated, deep, invalidUtf8, empty, notJson }) {
			problem(github(body, "push").bodyValue(body).exchange(), 400, "malformed");
		}
	}

	@Test
	void deliveryWhoseTrigramCannotBeDerivedIs400() {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		this.client.post()
			.uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Hub-Signature-256", "sha256=" + E2eSupport.hex(E2eSupport.hmac(SECRET, body)))
			.bodyValue(body)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("X-GitHub-Event"));
	}

	@Test
	void hugeHeaderIsRefusedBeforeAnythingRuns() {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		int before = this.recording.seen.size();
		try {
			this.client.post()
				.uri("/webhooks/github")
				.contentType(MediaType.APPLICATION_JSON)
				.header("X-Padding", "x".repeat(64 * 1024))
				.bodyValue(body)
				.exchange()
				.expectStatus().value((status) -> assertThat(status).isIn(400, 413, 431));
		}
		catch (WebClientRequestException ex) {
			// Netty answers 431 and closes at once; when the close overtakes the answer while the client
			// is still sending, the client sees the connection closed instead: refused all the same
			assertThat(ex).hasMessageContaining("Connection has been closed BEFORE response");
		}
		assertThat(this.recording.seen).hasSize(before);
	}

	@Test
	void malformedFormIs400() {
		this.client.post()
			.uri("/webhooks/open")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("a=%zz")
			.exchange()
			.expectStatus().isBadRequest();
	}

}
