package io.taobus.webhook.provider;

import java.util.List;

import org.springframework.core.annotation.Order;

/**
 * Shopify: {@code X-Shopify-Hmac-SHA256: <base64>}, the HMAC-SHA256 of the body alone (no timestamp,
 * so the replay defence applies); the topic in {@code X-Shopify-Topic} splits into term and action
 * ({@code orders/create}), and {@code X-Shopify-Webhook-Id} (else {@code X-Shopify-Event-Id}) is the
 * delivery id.
 */
@Order(4)
final class ShopifyProvider implements WebhookProvider {

	@Override
	public String type() {
		return "shopify";
	}

	@Override
	public Verifier verifier(SourceSettings source) {
		return new BodyHmacVerifier("X-Shopify-Hmac-SHA256", "", Signatures::base64, source.secrets());
	}

	@Override
	public Mapping mapping(String source) {
		return new Mapping("header:X-Shopify-Topic@head", "header:X-Shopify-Topic@tail|received", source,
				"header:X-Shopify-Webhook-Id|header:X-Shopify-Event-Id");
	}

	@Override
	public List<String> eventHeaderPrefixes() {
		return List.of("x-shopify-");
	}

	@Override
	public List<Header> documentedHeaders() {
		return List.of(new Header("X-Shopify-Hmac-Sha256", "Shopify: `<base64 HMAC-SHA256 of the body>`"),
				new Header("X-Shopify-Topic", "Shopify: the topic, e.g. orders/create (term orders, action create)"),
				new Header("X-Shopify-Webhook-Id", "Shopify: the delivery id, deduplicated"));
	}

	@Override
	public boolean signsBodyOnly() {
		return true;
	}

}
