package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: the id of the last row of a page, base64url-encoded so that clients do not
 * build them by hand.
 */
final class Cursors {

	private Cursors() {
	}

	static String encode(long lastId) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(("d" + lastId).getBytes(StandardCharsets.US_ASCII));
	}

	/** @throws IllegalArgumentException when the cursor was not made by {@link #encode} */
	static long decode(String cursor) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
			if (!text.startsWith("d")) {
				throw new IllegalArgumentException("invalid cursor");
			}
			long id = Long.parseLong(text.substring(1));
			if (id < 1) {
				throw new IllegalArgumentException("invalid cursor");
			}
			return id;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("invalid cursor: " + cursor, ex);
		}
	}

}
