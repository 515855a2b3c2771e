package io.taobus.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.taobus.webhook.provider.DeliveryHeaders;
import io.taobus.webhook.provider.Verifier;
import org.jspecify.annotations.Nullable;

/**
 * A configured source, compiled at startup: its verifier, its trigram mapping (configured, else
 * the type's default), where its delivery id is, and which headers are the provider's event
 * headers, whether a replayed body is refused (see {@link WebhookIngestion}), and whether the
 * sender's trace context is continued.
 */
record WebhookSource(String name, SourceType type, Verifier verifier, ValueExpression term, ValueExpression action,
		ValueExpression orient, @Nullable ValueExpression deliveryId, List<String> eventHeaderPrefixes,
		boolean replayProtection, boolean trustedTraceContext) {

	static WebhookSource of(String name, WebhookProperties.Source properties) {
		SourceType type = properties.type();
		if (type == null) {
			throw new IllegalArgumentException("source '" + name + "' needs a type");
		}
		Defaults defaults = Defaults.of(type, name);
		return new WebhookSource(name, type, Verifiers.of(name, properties),
				ValueExpression.parse(or(properties.term(), defaults.term())),
				ValueExpression.parse(or(properties.action(), defaults.action())),
				ValueExpression.parse(or(properties.orient(), defaults.orient())),
				(properties.deliveryId() != null) ? ValueExpression.parse(properties.deliveryId())
						: (defaults.deliveryId() != null) ? ValueExpression.parse(defaults.deliveryId()) : null,
				defaults.eventHeaderPrefixes(), properties.replayProtection() && signsBodyOnly(type),
				properties.trustedTraceContext());
	}

	/**
	 * Whether a scheme signs the body alone, with no timestamp and no delivery id: a captured delivery
	 * then verifies forever, under any id the replayer writes into the unsigned id header.
	 */
	static boolean signsBodyOnly(SourceType type) {
		return type == SourceType.GITHUB || type == SourceType.SHOPIFY || type == SourceType.HMAC_SHA256;
	}

	/** The provider's event headers of a delivery, lower-case, signature headers never included. */
	Map<String, String> eventHeaders(DeliveryHeaders headers) {
		Map<String, String> result = new LinkedHashMap<>();
		headers.forEach((received, value) -> {
			if (isEventHeader(received)) {
				result.put(received.toLowerCase(Locale.ROOT), value);
			}
		});
		return result;
	}

	private boolean isEventHeader(String name) {
		boolean event = name.equalsIgnoreCase("content-type") || name.equalsIgnoreCase("user-agent");
		for (int i = 0; !event && i < this.eventHeaderPrefixes.size(); i++) {
			String prefix = this.eventHeaderPrefixes.get(i);
			event = name.regionMatches(true, 0, prefix, 0, prefix.length());
		}
		if (!event) {
			return false;
		}
		String lower = name.toLowerCase(Locale.ROOT);
		return !lower.contains("signature") && !lower.contains("hmac") && !lower.equals("authorization");
	}

	private static String or(@Nullable String configured, String fallback) {
		return (configured != null && !configured.isBlank()) ? configured : fallback;
	}

	/** The per-type defaults of the mapping. */
	private record Defaults(String term, String action, String orient, @Nullable String deliveryId,
			List<String> eventHeaderPrefixes) {

		static Defaults of(SourceType type, String name) {
			String typeSplit = "json:/type@head";
			String typeTail = "json:/type@tail|received";
			return switch (type) {
				case GITHUB -> new Defaults("header:X-GitHub-Event", "json:/action|received", "github",
						"header:X-GitHub-Delivery", List.of("x-github-"));
				case STRIPE -> new Defaults(typeSplit, typeTail, name, "json:/id", List.of("stripe-"));
				case STANDARD_WEBHOOKS -> new Defaults(typeSplit, typeTail, name, "header:webhook-id|header:svix-id",
						List.of("webhook-", "svix-"));
				case SHOPIFY -> new Defaults("header:X-Shopify-Topic@head", "header:X-Shopify-Topic@tail|received", name,
						"header:X-Shopify-Webhook-Id|header:X-Shopify-Event-Id", List.of("x-shopify-"));
				case SLACK -> new Defaults("json:/event/type|json:/type|json:/command", "json:/event/subtype|received",
						name, "json:/event_id|json:/trigger_id", List.of("x-slack-"));
				case CLOUDEVENTS -> new Defaults("header:ce-type@head", "header:ce-type@tail|received", name, null,
						List.of("ce-"));
				case HMAC_SHA256, NONE -> new Defaults(typeSplit, typeTail, name, null, List.of());
			};
		}

	}

}
