package io.taobus.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Signs a delivery as its provider would, for tests that post to {@code /webhooks/<name>} over real
 * HTTP ({@code WebTestClient}, or any client): the signature headers of the scheme, its timestamp where
 * it has one (now, or {@link #at(Instant)}), its delivery id where it sends one (fresh, or
 * {@link #deliveryId(String)}), and its event header where it has one ({@link #event(String)}).
 *
 * <pre>{@code
 * client.post().uri("/webhooks/stripe").contentType(MediaType.APPLICATION_JSON)
 *     .headers(WebhookSigner.stripe(secret).signing(body)).bodyValue(body)
 *     .exchange().expectStatus().isAccepted();
 * }</pre>
 *
 * Immutable: each {@code with}-style method returns a new signer.
 */
public final class WebhookSigner {

	private final Scheme scheme;

	private final String secret;

	private final @Nullable Instant at;

	private final @Nullable String deliveryId;

	private final @Nullable String event;

	private WebhookSigner(Scheme scheme, String secret, @Nullable Instant at, @Nullable String deliveryId,
			@Nullable String event) {
		this.scheme = scheme;
		this.secret = secret;
		this.at = at;
		this.deliveryId = deliveryId;
		this.event = event;
	}

	/** GitHub: {@code X-Hub-Signature-256: sha256=<hex>}, {@code X-GitHub-Delivery}, {@code X-GitHub-Event} (default {@code ping}). */
	public static WebhookSigner github(String secret) {
		return new WebhookSigner(Scheme.GITHUB, secret, null, null, null);
	}

	/** Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>}; the delivery id is the event's {@code id} in the body. */
	public static WebhookSigner stripe(String secret) {
		return new WebhookSigner(Scheme.STRIPE, secret, null, null, null);
	}

	/** Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:<ts>:<body>}, {@code X-Slack-Request-Timestamp}. */
	public static WebhookSigner slack(String secret) {
		return new WebhookSigner(Scheme.SLACK, secret, null, null, null);
	}

	/** Shopify: {@code X-Shopify-Hmac-SHA256: <base64>}, {@code X-Shopify-Webhook-Id}, {@code X-Shopify-Topic}. */
	public static WebhookSigner shopify(String secret) {
		return new WebhookSigner(Scheme.SHOPIFY, secret, null, null, null);
	}

	/** Standard Webhooks (Svix): {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64>}, keyed by a {@code whsec_} secret. */
	public static WebhookSigner standardWebhooks(String secret) {
		return new WebhookSigner(Scheme.STANDARD_WEBHOOKS, secret, null, null, null);
	}

	/** A signer that signs as of this instant (a timestamped scheme checks it against its tolerance). */
	public WebhookSigner at(Instant instant) {
		return new WebhookSigner(this.scheme, this.secret, instant, this.deliveryId, this.event);
	}

	/** A signer that sends this delivery id where the scheme has a header for it. */
	public WebhookSigner deliveryId(String id) {
		return new WebhookSigner(this.scheme, this.secret, this.at, id, this.event);
	}

	/** A signer that names this event where the scheme has a header for it (GitHub's event, Shopify's topic). */
	public WebhookSigner event(String name) {
		return new WebhookSigner(this.scheme, this.secret, this.at, this.deliveryId, name);
	}

	/** The headers that sign a body, for a {@code WebTestClient}'s {@code headers(...)}. */
	public Consumer<HttpHeaders> signing(String body) {
		Map<String, String> headers = headers(body.getBytes(StandardCharsets.UTF_8));
		return (target) -> headers.forEach(target::set);
	}

	/** The headers that sign a body (UTF-8). */
	public Map<String, String> headers(String body) {
		return headers(body.getBytes(StandardCharsets.UTF_8));
	}

	/** The headers that sign a body, in the order the provider sends them. */
	public Map<String, String> headers(byte[] body) {
		long seconds = ((this.at != null) ? this.at : Clock.systemUTC().instant()).getEpochSecond();
		String id = (this.deliveryId != null) ? this.deliveryId : UUID.randomUUID().toString();
		Map<String, String> headers = new LinkedHashMap<>();
		byte[] key = this.secret.getBytes(StandardCharsets.UTF_8);
		switch (this.scheme) {
			case GITHUB -> {
				headers.put("X-GitHub-Event", (this.event != null) ? this.event : "ping");
				headers.put("X-GitHub-Delivery", id);
				headers.put("X-Hub-Signature-256", "sha256=" + hex(hmac(key, body)));
			}
			case STRIPE -> headers.put("Stripe-Signature", "t=" + seconds + ",v1=" + hex(hmac(key, concat(seconds + ".", body))));
			case SLACK -> {
				headers.put("X-Slack-Request-Timestamp", String.valueOf(seconds));
				headers.put("X-Slack-Signature", "v0=" + hex(hmac(key, concat("v0:" + seconds + ":", body))));
			}
			case SHOPIFY -> {
				if (this.event != null) {
					headers.put("X-Shopify-Topic", this.event);
				}
				headers.put("X-Shopify-Webhook-Id", id);
				headers.put("X-Shopify-Hmac-SHA256", Base64.getEncoder().encodeToString(hmac(key, body)));
			}
			case STANDARD_WEBHOOKS -> {
				String encoded = this.secret.startsWith("whsec_") ? this.secret.substring(6) : this.secret;
				byte[] decoded = Base64.getDecoder().decode(encoded);
				headers.put("webhook-id", id);
				headers.put("webhook-timestamp", String.valueOf(seconds));
				headers.put("webhook-signature",
						"v1," + Base64.getEncoder().encodeToString(hmac(decoded, concat(id + "." + seconds + ".", body))));
			}
		}
		return headers;
	}

	private static byte[] concat(String prefix, byte[] body) {
		byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

	private static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	private enum Scheme {

		GITHUB, STRIPE, SLACK, SHOPIFY, STANDARD_WEBHOOKS

	}

}
