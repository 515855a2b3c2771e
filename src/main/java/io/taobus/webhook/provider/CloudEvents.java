package io.taobus.webhook.provider;

import java.util.Map;

import io.taobus.ingestion.IngestionException;

import org.springframework.http.MediaType;

/**
 * Brings CloudEvents 1.0 structured mode to the shape of binary mode: the event's attributes become
 * {@code ce-*} headers and its {@code data} the body, so that mapping, dedupe ({@code source} +
 * {@code id}) and handlers see one shape whichever mode the sender chose. Either mode must carry the
 * required attributes {@code id}, {@code source}, {@code type} and {@code specversion}.
 */
public final class CloudEvents {

	private static final String[] REQUIRED = { "id", "source", "type", "specversion" };

	private CloudEvents() {
	}

	public static Object normalize(Object body, MediaType contentType, DeliveryHeaders headers) {
		Object data = body;
		if (contentType.getSubtype().equals("cloudevents+json")) {
			if (!(body instanceof Map<?, ?> event)) {
				throw IngestionException.malformed("a structured CloudEvent must be a JSON object");
			}
			event.forEach((name, value) -> {
				if (!"data".equals(name) && !"data_base64".equals(name) && value != null && !(value instanceof Map)
						&& !(value instanceof java.util.List)) {
					headers.put("ce-" + name, value.toString());
				}
			});
			data = (event.get("data") != null) ? event.get("data") : event.get("data_base64");
		}
		for (String attribute : REQUIRED) {
			String value = headers.get("ce-" + attribute);
			if (value == null || value.isBlank()) {
				throw IngestionException.malformed("the CloudEvent has no " + attribute + " attribute");
			}
		}
		return (data != null) ? data : Map.of();
	}

}
