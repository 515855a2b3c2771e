package io.taobus.webhook.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The webhook providers taobus knows, by type: the {@link WebhookProvider} components of this package,
 * in their order. A configured type is matched the way Spring Boot binds an enum (case, {@code -} and
 * {@code _} ignored), so that {@code standard-webhooks}, {@code STANDARD_WEBHOOKS} and
 * {@code standardwebhooks} are one type, as they were when the type was an enum.
 */
public final class Providers {

	private final List<WebhookProvider> all;

	private final Map<String, WebhookProvider> byCanonicalType = new LinkedHashMap<>();

	public Providers(List<WebhookProvider> providers) {
		this.all = List.copyOf(providers);
		for (WebhookProvider provider : this.all) {
			WebhookProvider other = this.byCanonicalType.putIfAbsent(canonical(provider.type()), provider);
			if (other != null) {
				throw new IllegalStateException("two webhook providers of type " + provider.type() + ": "
						+ other.getClass().getName() + " and " + provider.getClass().getName());
			}
		}
	}

	/** Every provider, in order. */
	public List<WebhookProvider> all() {
		return this.all;
	}

	/**
	 * The provider of a source's configured type.
	 * @throws IllegalArgumentException naming the source and the valid types when it names none or an unknown one
	 */
	public WebhookProvider of(String source, @Nullable String type) {
		WebhookProvider provider = (type != null) ? this.byCanonicalType.get(canonical(type)) : null;
		if (provider == null) {
			throw new IllegalArgumentException("source '" + source + "' " + ((type == null || type.isBlank())
					? "needs a type" : "has an unknown type '" + type + "'") + ": taobus.webhooks.sources." + source
					+ ".type is one of " + String.join(", ", this.all.stream().map(WebhookProvider::type).toList()));
		}
		return provider;
	}

	/** The provider of a type, or {@code null} when none has it. */
	public @Nullable WebhookProvider find(@Nullable String type) {
		return (type != null) ? this.byCanonicalType.get(canonical(type)) : null;
	}

	private static String canonical(String type) {
		StringBuilder letters = new StringBuilder(type.length());
		type.chars().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(letters::appendCodePoint);
		return letters.toString().toLowerCase(Locale.ROOT);
	}

}
