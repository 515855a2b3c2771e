package io.taobus.api;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How long a {@code POST /tao/context} caller waits for its response, and what it is answered past that,
 * from its RFC 7240 {@code Prefer} headers: {@code wait=N} (seconds) overrides
 * {@code taobus.api.response-timeout}, cut to {@code taobus.api.max-response-timeout};
 * {@code respond-async} asks for a 202 with the delivery's id rather than a 504 when the response is late.
 * A preference that cannot be read is ignored, and one given twice counts once, the first time, as RFC
 * 7240 asks of a server.
 *
 * @param timeout how long to wait
 * @param respondAsync whether a late response is answered 202
 * @param waitApplied whether the caller's {@code wait} set the timeout
 */
record ResponsePreference(Duration timeout, boolean respondAsync, boolean waitApplied) {

	static ResponsePreference of(List<String> prefer, ApiProperties properties) {
		Duration timeout = properties.responseTimeout();
		boolean respondAsync = false;
		boolean waitApplied = false;
		for (String header : prefer) {
			for (String preference : header.split(",")) {
				String token = preference.split(";", 2)[0].strip();
				int equals = token.indexOf('=');
				String name = ((equals < 0) ? token : token.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
				String value = (equals < 0) ? "" : unquote(token.substring(equals + 1).strip());
				if (name.equals("respond-async")) {
					respondAsync = true;
				}
				else if (name.equals("wait") && !waitApplied && value.matches("[0-9]{1,9}") && Long.parseLong(value) > 0) {
					Duration asked = Duration.ofSeconds(Long.parseLong(value));
					timeout = (asked.compareTo(properties.maxResponseTimeout()) > 0) ? properties.maxResponseTimeout() : asked;
					waitApplied = true;
				}
			}
		}
		return new ResponsePreference(timeout, respondAsync, waitApplied);
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

}
