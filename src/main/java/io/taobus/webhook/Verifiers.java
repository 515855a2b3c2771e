package io.taobus.webhook;

import java.util.List;
import java.util.Locale;

import io.taobus.webhook.provider.BearerVerifier;
import io.taobus.webhook.provider.BodyHmacVerifier;
import io.taobus.webhook.provider.Signatures;
import io.taobus.webhook.provider.SlackVerifier;
import io.taobus.webhook.provider.StandardWebhooksVerifier;
import io.taobus.webhook.provider.StripeVerifier;
import io.taobus.webhook.provider.Verifier;

/**
 * Builds the verifier of a configured source, and refuses at startup what cannot be verified: a
 * signed type without a secret, {@code none} without {@code allow-unsigned: true}, a generic HMAC
 * without a header, an unknown encoding.
 */
final class Verifiers {

	private Verifiers() {
	}

	static Verifier of(String name, WebhookProperties.Source source) {
		List<String> secrets = source.allSecrets().stream().filter((s) -> !s.isBlank()).toList();
		if (source.type() == SourceType.NONE) {
			if (!source.allowUnsigned()) {
				throw new IllegalArgumentException("source '" + name + "' has type none: set allow-unsigned: true to"
						+ " accept deliveries nobody signed");
			}
			return (delivery, now) -> {
			};
		}
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("source '" + name + "' of type " + source.type() + " needs a secret"
					+ " (taobus.webhooks.sources." + name + ".secret, for example from the environment variable "
					+ SourceAudit.environmentVariable(name) + ")");
		}
		return switch (source.type()) {
			case STANDARD_WEBHOOKS -> new StandardWebhooksVerifier(name, secrets, source.tolerance());
			case GITHUB -> BodyHmacVerifier.github(secrets);
			case SHOPIFY -> BodyHmacVerifier.shopify(secrets);
			case STRIPE -> new StripeVerifier(secrets, source.tolerance());
			case SLACK -> new SlackVerifier(secrets, source.tolerance());
			case CLOUDEVENTS -> new BearerVerifier(secrets, source.accessTokenQuery());
			case HMAC_SHA256 -> generic(name, source, secrets);
			case NONE -> throw new IllegalStateException("handled above");
		};
	}

	private static Verifier generic(String name, WebhookProperties.Source source, List<String> secrets) {
		if (source.header() == null || source.header().isBlank()) {
			throw new IllegalArgumentException("source '" + name + "' of type hmac-sha256 needs a header");
		}
		return switch (source.encoding().toLowerCase(Locale.ROOT)) {
			case "hex" -> new BodyHmacVerifier(source.header(), source.prefix(), Signatures::hex, secrets);
			case "base64" -> new BodyHmacVerifier(source.header(), source.prefix(), Signatures::base64, secrets);
			default -> throw new IllegalArgumentException("source '" + name + "': encoding must be hex or base64, was '"
					+ source.encoding() + "'");
		};
	}

}
