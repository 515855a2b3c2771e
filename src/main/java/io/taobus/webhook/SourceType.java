package io.taobus.webhook;

/**
 * The signature schemes and payload conventions taobus understands; a source's
 * {@code taobus.webhooks.sources.<name>.type}.
 */
public enum SourceType {

	/** Standard Webhooks: {@code webhook-*} (or {@code svix-*}) headers, {@code v1} HMAC and {@code v1a} Ed25519. */
	STANDARD_WEBHOOKS,
	/** GitHub: {@code X-Hub-Signature-256: sha256=<hex>} over the body. */
	GITHUB,
	/** Stripe: {@code Stripe-Signature: t=…,v1=<hex>} over {@code t.body}. */
	STRIPE,
	/** Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:timestamp:body}. */
	SLACK,
	/** Shopify: {@code X-Shopify-Hmac-SHA256: <base64>} over the body. */
	SHOPIFY,
	/** CloudEvents 1.0 in binary or structured JSON mode, authorized by a bearer token (CloudEvents web hooks). */
	CLOUDEVENTS,
	/** A generic HMAC-SHA256 over the body in a configured header, hex or base64, with an optional prefix. */
	HMAC_SHA256,
	/** No verification; refused at startup unless the source sets {@code allow-unsigned: true}. */
	NONE

}
