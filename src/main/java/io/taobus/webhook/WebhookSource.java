package io.taobus.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.taobus.ingestion.BodyLimit;
import io.taobus.ingestion.IngestionProperties;
import io.taobus.tao.Trigram;
import io.taobus.webhook.provider.DeliveryHeaders;
import io.taobus.webhook.provider.Providers;
import io.taobus.webhook.provider.SourceSettings;
import io.taobus.webhook.provider.Verifier;
import io.taobus.webhook.provider.WebhookProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * A configured source, compiled at startup: its provider and the verifier it built, its trigram
 * mapping (configured, else the provider's default), where its delivery id is, whether a replayed
 * body is refused (see {@link WebhookIngestion}), whether the sender's trace context is continued, and
 * its body limit ({@link #bodyLimit(String, WebhookProperties.Source, DataSize, WebhookProvider) the rule}),
 * and, for a source that replies with its handlers' response, its {@link SyncReply}.
 * A source that could let an unverified delivery in does not start: a signed type without a secret,
 * an unsigned one without {@code allow-unsigned: true}.
 */
record WebhookSource(String name, WebhookProvider provider, Verifier verifier, ValueExpression term,
		ValueExpression action, ValueExpression orient, @Nullable ValueExpression deliveryId, boolean replayProtection,
		boolean trustedTraceContext, BodyLimit bodyLimit, @Nullable SyncReply reply) {

	/** Compiles a configured source where {@code taobus.webhooks.max-body-size} is unset. */
	static WebhookSource of(String name, WebhookProperties.Source properties, Providers providers) {
		return of(name, properties, providers, null);
	}

	/**
	 * Compiles a configured source.
	 * @param maxBodySize {@code taobus.webhooks.max-body-size}, or {@code null} when unset
	 * @throws IllegalArgumentException naming the source when it cannot start
	 */
	static WebhookSource of(String name, WebhookProperties.Source properties, Providers providers,
			@Nullable DataSize maxBodySize) {
		WebhookProvider provider = providers.of(name, properties.type());
		WebhookProvider.Mapping defaults = provider.mapping(name);
		String deliveryId = (properties.deliveryId() != null) ? properties.deliveryId() : defaults.deliveryId();
		return new WebhookSource(name, provider, verifier(name, properties, provider),
				ValueExpression.parse(or(properties.term(), defaults.term())),
				ValueExpression.parse(or(properties.action(), defaults.action())),
				ValueExpression.parse(or(properties.orient(), defaults.orient())),
				(deliveryId != null) ? ValueExpression.parse(deliveryId) : null,
				properties.replayProtection() && provider.signsBodyOnly(), properties.trustedTraceContext(),
				bodyLimit(name, properties, maxBodySize, provider), SyncReply.of(name, properties.reply()));
	}

	/**
	 * The largest body of a source: its own {@code max-body-size}, else {@code taobus.webhooks.max-body-size}
	 * when set, else what its provider's senders send (GitHub 25 MB, the others 1 MB), so that the defaults
	 * fit every configured provider and an operator's setting always wins.
	 */
	static BodyLimit bodyLimit(String name, WebhookProperties.Source properties, @Nullable DataSize maxBodySize,
			WebhookProvider provider) {
		String own = "taobus.webhooks.sources." + name + ".max-body-size";
		if (properties.maxBodySize() != null) {
			return BodyLimit.of(properties.maxBodySize(), own);
		}
		return (maxBodySize != null) ? BodyLimit.of(maxBodySize, IngestionProperties.MAX_BODY_SIZE)
				: BodyLimit.of(provider.maxBodySize(), own);
	}

	private static Verifier verifier(String name, WebhookProperties.Source properties, WebhookProvider provider) {
		List<String> secrets = properties.allSecrets().stream().filter((s) -> !s.isBlank()).toList();
		if (!provider.signed() && !properties.allowUnsigned()) {
			throw new IllegalArgumentException("source '" + name + "' has type " + provider.type() + ": set"
					+ " allow-unsigned: true to accept deliveries nobody signed");
		}
		if (provider.signed() && secrets.isEmpty()) {
			throw new IllegalArgumentException("source '" + name + "' of type " + provider.type() + " needs a secret"
					+ " (taobus.webhooks.sources." + name + ".secret, for example from the environment variable "
					+ SourceAudit.environmentVariable(name) + ")");
		}
		return provider.verifier(new SourceSettings(name, secrets, properties.tolerance(), properties.header(),
				properties.encoding(), properties.prefix(), properties.accessTokenQuery()));
	}

	/**
	 * The trigram pattern of the source's mapping: its literal axes, {@code *} for those taken from a
	 * delivery ({@code *|*|github} for GitHub's default). A tag for meters, bounded by the configuration.
	 */
	Trigram mappingPattern() {
		return Trigram.of(this.term.literal(), this.action.literal(), this.orient.literal());
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
		List<String> prefixes = this.provider.eventHeaderPrefixes();
		boolean event = name.equalsIgnoreCase("content-type") || name.equalsIgnoreCase("user-agent");
		for (int i = 0; !event && i < prefixes.size(); i++) {
			String prefix = prefixes.get(i);
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

}
