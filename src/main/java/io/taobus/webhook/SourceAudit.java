package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.taobus.dev.DevProfile;
import io.taobus.ingestion.Ingestion;
import io.taobus.webhook.provider.Providers;
import io.taobus.webhook.provider.WebhookProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup checks of the configured sources that go beyond one source's verifier: the name
 * {@code api} is the AppCon API's own; a secret published in this repository runs only in the
 * {@code dev} profile; a secret shorter than 16 bytes is worth a WARN; and one INFO block tells the
 * operator which sources this instance serves (name, type, mapping, how many secrets but never a
 * secret, body limit), so that a source merged in from an unexpected place shows at once.
 */
final class SourceAudit {

	static final int SHORT_SECRET_BYTES = 16;

	private static final Logger logger = LoggerFactory.getLogger(SourceAudit.class);

	private SourceAudit() {
	}

	/**
	 * Refuses what must not start.
	 * @throws IllegalArgumentException naming the source
	 */
	static void check(Map<String, WebhookProperties.Source> sources, boolean dev, Providers providers) {
		if (sources.containsKey(Ingestion.APPCON_SOURCE)) {
			throw new IllegalArgumentException("the source name '" + Ingestion.APPCON_SOURCE + "' is reserved for the"
					+ " AppCon API (/tao/appcons): rename taobus.webhooks.sources." + Ingestion.APPCON_SOURCE);
		}
		new TreeMap<>(sources).forEach((name, source) -> {
			WebhookProvider provider = providers.find(source.type());
			for (String secret : source.allSecrets()) {
				if (!dev && DevProfile.KNOWN_SECRETS.contains(secret.trim())) {
					throw new IllegalArgumentException("source '" + name + "' uses a development secret that is public in"
							+ " the taobus repository; set " + environmentVariable(name) + " (or run with the dev profile"
							+ " on a machine nobody else reaches)");
				}
				if (!secret.isBlank() && keyBytes(provider, secret.trim()) < SHORT_SECRET_BYTES) {
					logger.warn("Source '{}' has a secret shorter than {} bytes: a short HMAC key can be guessed offline"
							+ " from one signed delivery", name, SHORT_SECRET_BYTES);
				}
			}
		});
	}

	/** The INFO block listing the sources this instance serves. */
	static String describe(Map<String, WebhookProperties.Source> properties, Map<String, WebhookSource> sources) {
		if (sources.isEmpty()) {
			return "No webhook source is configured: every POST /webhooks/<name> answers 404"
					+ " (taobus.webhooks.sources.<name>.type, " + environmentVariable("<name>") + ")";
		}
		StringBuilder block = new StringBuilder("Webhook sources (" + sources.size() + "):");
		new TreeMap<>(sources).forEach((name, source) -> {
			WebhookProperties.Source configured = properties.get(name);
			block.append("\n  ").append(name)
				.append(": type=").append(source.provider().type())
				.append(", term=").append(source.term())
				.append(", action=").append(source.action())
				.append(", orient=").append(source.orient())
				.append(", delivery-id=").append((source.deliveryId() != null) ? source.deliveryId() : "per type or body hash")
				.append(", secrets=").append(configured.allSecrets().stream().filter((s) -> !s.isBlank()).count());
			if (!source.provider().signed()) {
				block.append(" (unsigned: anyone who reaches the port can deliver)");
			}
			block.append(", max-body-size=").append(source.bodyLimit());
		});
		return block.toString();
	}

	static void log(Map<String, WebhookProperties.Source> properties, Map<String, WebhookSource> sources) {
		logger.info(describe(properties, sources));
	}

	/** The environment variable that sets a source's secret (Boot's relaxed binding). */
	static String environmentVariable(String source) {
		return "TAOBUS_WEBHOOKS_SOURCES_" + source.toUpperCase(Locale.ROOT) + "_SECRET";
	}

	/** The key's length as the provider reads the secret; an unknown type is refused when its source compiles. */
	private static int keyBytes(@Nullable WebhookProvider provider, String secret) {
		return (provider != null) ? provider.keyBytes(secret) : secret.getBytes(StandardCharsets.UTF_8).length;
	}

}
