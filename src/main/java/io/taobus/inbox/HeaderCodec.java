package io.taobus.inbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stores event headers as text, one {@code name: value} line each, with backslash escapes for the
 * characters that would break a line, and for NUL (backslash, zero), which PostgreSQL cannot store in
 * text. Plain text rather than JSON so that the inbox needs no JSON library and the column reads well
 * in {@code psql}.
 */
final class HeaderCodec {

	private HeaderCodec() {
	}

	static String encode(Map<String, String> headers) {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(headers).forEach((name, value) -> {
			escape(text, name, true);
			text.append(": ");
			escape(text, value, false);
			text.append('\n');
		});
		return text.toString();
	}

	static Map<String, String> decode(String text) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			int colon = line.indexOf(": ");
			if (colon < 0) {
				throw new IllegalStateException("malformed stored header line");
			}
			headers.put(unescape(line.substring(0, colon)), unescape(line.substring(colon + 2)));
		}
		return headers;
	}

	private static void escape(StringBuilder text, String value, boolean name) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> text.append("\\\\");
				case '\n' -> text.append("\\n");
				case '\r' -> text.append("\\r");
				case '\u0000' -> text.append("\\0");
				case ':' -> text.append(name ? "\\c" : ":");
				default -> text.append(c);
			}
		}
	}

	private static String unescape(String value) {
		if (value.indexOf('\\') < 0) {
			return value;
		}
		StringBuilder text = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				text.append(switch (next) {
					case 'n' -> '\n';
					case 'r' -> '\r';
					case 'c' -> ':';
					case '0' -> '\u0000';
					default -> next;
				});
			}
			else {
				text.append(c);
			}
		}
		return text.toString();
	}

}
