package io.taobus.webhook;

import java.util.List;

import io.swagger.v3.oas.models.parameters.Parameter;
import io.taobus.ingestion.ResponseDocs;

/**
 * The optional request headers of {@code POST /webhooks/{source}} in the OpenAPI document: per signing
 * scheme the signature, timestamp, event and id headers a webhook delivery carries (so that "Try it
 * out" sends a signed delivery once the user pastes a signature computed over the exact body).
 */
final class WebhookHeaderDocs {

	private WebhookHeaderDocs() {
	}

	static List<Parameter> parameters() {
		return List.of(header("X-Hub-Signature-256", "GitHub: sha256=<hex HMAC-SHA256 of the body>"),
				header("X-GitHub-Event", "GitHub: the event, the AppCon's term (push, issues, …)"),
				header("X-GitHub-Delivery", "GitHub: the delivery id, deduplicated"),
				header("Stripe-Signature", "Stripe: t=<unix seconds>,v1=<hex HMAC-SHA256 of t.body>"),
				header("X-Slack-Signature", "Slack: v0=<hex HMAC-SHA256 of v0:timestamp:body>"),
				header("X-Slack-Request-Timestamp", "Slack: unix seconds, within the source's tolerance"),
				header("X-Shopify-Hmac-Sha256", "Shopify: <base64 HMAC-SHA256 of the body>"),
				header("X-Shopify-Topic", "Shopify: the topic, e.g. orders/create (term orders, action create)"),
				header("X-Shopify-Webhook-Id", "Shopify: the delivery id, deduplicated"),
				header("webhook-id", "Standard Webhooks: the message id, deduplicated (svix-id also accepted)"),
				header("webhook-timestamp", "Standard Webhooks: unix seconds, within the source's tolerance"),
				header("webhook-signature", "Standard Webhooks: v1,<base64 HMAC-SHA256 of id.timestamp.body> (or v1a, Ed25519)"),
				header("ce-specversion", "CloudEvents binary mode: 1.0 (authorized by Authorization: Bearer <secret>)"),
				header("ce-id", "CloudEvents binary mode: the event id, deduplicated with ce-source"),
				header("ce-source", "CloudEvents binary mode: the event source"),
				header("ce-type", "CloudEvents binary mode: the type, split at its last dot into term and action"));
	}

	private static Parameter header(String name, String description) {
		return ResponseDocs.requestHeader(name, description);
	}

}
