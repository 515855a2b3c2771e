package io.taobus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.taobus.server.example.BootstrapUserSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar's own defaults, with no profile and no configuration beyond a write and a read
 * token: no source (the development signatures that the jar used to accept get 404), no
 * demonstration, actuator on the management port only (404 on the public one) and without health
 * details, the OpenAPI UI on the public port, and each API scope enforced on its endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "taobus.api.tokens.write=write-token-0123456789",
				"taobus.api.tokens.read=read-token-0123456789" })
class SecureDefaultsTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ApplicationContext context;

	WebTestClient client(int port) {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
	}

	static String hmac(String secret, String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void theDevelopmentSignaturesAreRefused() throws Exception {
		String body = "{\"ref\":\"refs/heads/main\"}";
		client(this.port).post().uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Event", "push")
			.header("X-GitHub-Delivery", UUID.randomUUID().toString())
			.header("X-Hub-Signature-256", "sha256=" + hmac("dev-github-secret", body))
			.bodyValue(body)
			.exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.outcome").isEqualTo("unknown_source");
		long t = System.currentTimeMillis() / 1000;
		String event = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}";
		client(this.port).post().uri("/webhooks/stripe")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Stripe-Signature", "t=" + t + ",v1=" + hmac("whsec_dev_stripe_secret", t + "." + event))
			.bodyValue(event)
			.exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void theDemonstrationIsOff() {
		assertThat(this.context.getBeanNamesForType(BootstrapUserSession.class)).isEmpty();
	}

	@Test
	void actuatorAnswersOnTheManagementPortOnlyAndWithoutDetails() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		for (String path : new String[] { "/actuator/health", "/actuator/prometheus", "/actuator/tao", "/actuator/metrics",
				"/livez", "/readyz" }) {
			client(this.port).get().uri(path).exchange().expectStatus().isNotFound();
		}
		client(this.managementPort).get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
		client(this.managementPort).get().uri("/readyz").exchange().expectStatus().isOk();
		client(this.managementPort).get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		client(this.managementPort).get().uri("/actuator/tao").exchange().expectStatus().isOk();
	}

	@Test
	void thePublicPortServesTheOpenApiUi() {
		client(this.port).get().uri("/v3/api-docs").exchange().expectStatus().isOk();
		client(this.port).get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
	}

	@Test
	void eachScopeIsEnforcedOnItsEndpoint() {
		String appCon = "{\"term\":\"Scoped\",\"action\":\"Set\",\"orient\":\"Portal\"}";
		for (String token : new String[] { "read-token-0123456789", "nope" }) {
			client(this.port).post().uri("/tao/appcons").header("Authorization", "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON).bodyValue(appCon).exchange()
				.expectStatus().isUnauthorized()
				.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"taobus\"")
				.expectBody().jsonPath("$.outcome").isEqualTo("unauthorized")
				.jsonPath("$.detail").value((detail) -> assertThat(detail.toString()).contains("write scope"));
		}
		client(this.port).post().uri("/tao/appcons").header("Authorization", "Bearer write-token-0123456789")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(appCon).exchange()
			.expectStatus().isAccepted();
		for (String token : new String[] { "write-token-0123456789", "nope" }) {
			client(this.port).get().uri("/tao/stream").header("Authorization", "Bearer " + token)
				.accept(MediaType.TEXT_EVENT_STREAM).exchange()
				.expectStatus().isUnauthorized()
				.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"taobus\"");
		}
		client(this.port).get().uri("/tao/stream").header("Authorization", "Bearer read-token-0123456789")
			.accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.blockFirst(Duration.ofSeconds(30));
	}

}
