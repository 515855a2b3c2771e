package io.taobus.webhook.provider;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The headers of a delivery as the mapping and the metadata read them: by name in any case, the first
 * value of each, plus the attributes a structured CloudEvent brings in its body. A view over the
 * request's headers rather than a copy: a delivery reads two or three of them.
 */
public final class DeliveryHeaders {

	private final HttpHeaders headers;

	private @Nullable Map<String, String> added;

	public DeliveryHeaders(HttpHeaders headers) {
		this.headers = headers;
	}

	/** The first value of a header, in any case, or {@code null}; an added attribute wins. */
	public @Nullable String get(String name) {
		if (this.added != null) {
			String value = this.added.get(name.toLowerCase(Locale.ROOT));
			if (value != null) {
				return value;
			}
		}
		return this.headers.getFirst(name);
	}

	/** Adds an attribute that reads as a header, such as a structured CloudEvent's {@code ce-id}. */
	public void put(String name, String value) {
		if (this.added == null) {
			this.added = new LinkedHashMap<>();
		}
		this.added.put(name.toLowerCase(Locale.ROOT), value);
	}

	/**
	 * Each header as received (name in its case, first value; one entry per name whatever its case),
	 * then the added attributes, so that an added one comes last and wins.
	 */
	public void forEach(BiConsumer<String, String> action) {
		this.headers.forEach((name, values) -> {
			if (!values.isEmpty()) {
				action.accept(name, values.get(0));
			}
		});
		if (this.added != null) {
			this.added.forEach(action);
		}
	}

}
