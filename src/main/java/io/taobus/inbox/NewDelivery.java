package io.taobus.inbox;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A verified delivery to be stored before it is acknowledged: everything needed to rebuild its AppCon
 * after a crash (the trigram, the event headers, the raw body) and nothing secret (no signature header).
 * The columns bound the lengths: source 200 characters, delivery id and each trigram axis 1,024,
 * content type 255; a longer value is refused with {@link IllegalArgumentException} (answer 400), and
 * so is a control character (U+0000 to U+001F, U+007F) in any of these: PostgreSQL cannot store a NUL
 * in text, and none belongs in an id or a trigram.
 *
 * @param source the source name (the path segment of {@code /webhooks/{source}}, or {@code api})
 * @param deliveryId the id dedupe keys on, unique per source
 * @param term the AppCon's term
 * @param action the AppCon's action
 * @param orient the AppCon's orient
 * @param contentType the request's content type, to parse the body again, or {@code null}
 * @param headers the provider's event headers, lower-case names, never a signature
 * @param body the raw body bytes as verified
 * @param receivedAt when the request arrived
 */
public record NewDelivery(String source, String deliveryId, String term, String action, String orient,
		@Nullable String contentType, Map<String, String> headers, byte[] body, Instant receivedAt) {

	public NewDelivery {
		requireText(source, "source", 200);
		requireText(deliveryId, "deliveryId", 1024);
		requireText(term, "term", 1024);
		requireText(action, "action", 1024);
		requireText(orient, "orient", 1024);
		if (contentType != null) {
			if (contentType.length() > 255) {
				throw new IllegalArgumentException("contentType must not be longer than 255 characters");
			}
			requireNoControl(contentType, "contentType");
		}
		headers = Map.copyOf(headers);
		Objects.requireNonNull(body, "body");
		Objects.requireNonNull(receivedAt, "receivedAt");
	}

	/** The dedupe key: source and delivery id. */
	DeliveryKey key() {
		return new DeliveryKey(this.source, this.deliveryId);
	}

	static void requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

	private static void requireText(@Nullable String value, String name, int maxLength) {
		requireText(value, name);
		if (value.length() > maxLength) {
			throw new IllegalArgumentException(name + " must not be longer than " + maxLength + " characters");
		}
		requireNoControl(value, name);
	}

	private static void requireNoControl(String value, String name) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				throw new IllegalArgumentException(name + " must not contain control characters (found U+"
						+ String.format("%04X", (int) c) + " at " + i + ")");
			}
		}
	}

	@Override
	public String toString() {
		return "NewDelivery[" + this.source + "/" + this.deliveryId + ", " + this.body.length + " bytes]";
	}

}
