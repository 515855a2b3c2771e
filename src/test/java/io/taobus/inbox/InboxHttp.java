package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.taobus.handler.TaoInline;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.AppCon;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the inbox's end-to-end tests share: a signed GitHub delivery posted over real HTTP, and
 * handlers that record each run's metadata ({@code push}) or throw ({@code explode}).
 */
final class InboxHttp {

	static final String SECRET = "It's a Secret to Everybody";

	static final String TOKEN = "Bearer test-api-token";

	private InboxHttp() {
	}

	static WebTestClient.ResponseSpec deliver(WebTestClient client, String id, String event) {
		String body = "{\"ref\":\"refs/heads/main\",\"id\":\"" + id + "\"}";
		return client.post()
			.uri("/webhooks/github")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-GitHub-Event", event)
			.header("X-GitHub-Delivery", id)
			.header("X-Hub-Signature-256", "sha256=" + hmac(body))
			.bodyValue(body)
			.exchange();
	}

	static WebTestClient.BodyContentSpec delivery(WebTestClient client, String id) {
		return client.get().uri("/tao/deliveries/github/{id}", id).header("Authorization", TOKEN).exchange()
			.expectStatus().isOk().expectBody();
	}

	static String status(WebTestClient client, String id) {
		byte[] body = client.get().uri("/tao/deliveries/github/{id}", id).header("Authorization", TOKEN).exchange()
			.expectBody().returnResult().getResponseBody();
		String json = (body != null) ? new String(body, StandardCharsets.UTF_8) : "";
		int at = json.indexOf("\"status\":\"");
		return (at < 0) ? "unknown" : json.substring(at + 10, json.indexOf('"', at + 10));
	}

	static String hmac(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Records the metadata of every run of a {@code push}; {@code explode} throws until disarmed. */
	static final class Handlers {

		final List<DeliveryMetadata> runs = new CopyOnWriteArrayList<>();

		volatile boolean armed = true;

		@TaoInline(term = "push")
		void push(AppCon appCon) {
			this.runs.add((DeliveryMetadata) appCon.orientData());
		}

		@TaoInline(term = "explode")
		void explode(AppCon appCon) {
			this.runs.add((DeliveryMetadata) appCon.orientData());
			if (this.armed) {
				throw new IllegalStateException("exploded");
			}
		}

		long runsOf(String id) {
			return this.runs.stream().filter((run) -> run.deliveryId().equals(id)).count();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Handlers inboxHandlers() {
			return new Handlers();
		}

	}

}
