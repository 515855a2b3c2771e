package io.taobus.webhook.provider;

import java.util.Locale;

import org.springframework.core.annotation.Order;

/**
 * A generic HMAC-SHA256 of the body alone in the header a source configures, {@code hex} or
 * {@code base64}, after an optional prefix ({@code sha256=}): for senders with no scheme of their own.
 * No timestamp, so the replay defence applies; the body's {@code type} splits into term and action,
 * and the delivery dedupes on the body's hash unless the source names an id.
 */
@Order(7)
final class HmacSha256Provider implements WebhookProvider {

	@Override
	public String type() {
		return "hmac-sha256";
	}

	@Override
	public Verifier verifier(SourceSettings source) {
		String header = source.header();
		if (header == null || header.isBlank()) {
			throw new IllegalArgumentException("source '" + source.name() + "' of type hmac-sha256 needs a header");
		}
		return switch (source.encoding().toLowerCase(Locale.ROOT)) {
			case "hex" -> new BodyHmacVerifier(header, source.prefix(), Signatures::hex, source.secrets());
			case "base64" -> new BodyHmacVerifier(header, source.prefix(), Signatures::base64, source.secrets());
			default -> throw new IllegalArgumentException("source '" + source.name() + "': encoding must be hex or"
					+ " base64, was '" + source.encoding() + "'");
		};
	}

	@Override
	public Mapping mapping(String source) {
		return Mapping.byType(source, null);
	}

	@Override
	public boolean signsBodyOnly() {
		return true;
	}

}
