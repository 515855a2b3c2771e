package io.taobus.webhook.provider;

import java.util.List;
import java.util.Map;

import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;

/**
 * CloudEvents 1.0 web hooks, in binary or structured JSON mode, authorized by an OAuth2-style bearer
 * token in {@code Authorization} (or in the {@code access_token} query parameter only where the source
 * opts in, {@code access-token-query}: a query string lands in proxy and access logs), compared in
 * constant time with the configured tokens. Structured mode is brought to the shape of binary mode
 * (the event's attributes become {@code ce-*} headers, its {@code data} the body), so that mapping,
 * dedupe and handlers see one shape; the type splits into term and action, and the delivery dedupes on
 * {@code source#id}.
 */
@Order(6)
final class CloudEventsProvider implements WebhookProvider {

	/** The longest dedupe key the inbox stores (a CloudEvent's escaped {@code source#id}). */
	static final int MAX_KEY_LENGTH = 1024;

	private static final String[] REQUIRED = { "id", "source", "type", "specversion" };

	@Override
	public String type() {
		return "cloudevents";
	}

	@Override
	public Verifier verifier(SourceSettings source) {
		List<String> tokens = source.secrets();
		boolean queryAllowed = source.accessTokenQuery();
		return (delivery, now) -> {
			String presented = presented(delivery, queryAllowed);
			if (presented == null) {
				throw IngestionException.invalidSignature(queryAllowed
						? "missing bearer token (Authorization header or access_token)" : "missing Authorization: Bearer token");
			}
			boolean matched = false;
			for (String token : tokens) {
				matched |= Signatures.sameSecret(token, presented);
			}
			if (!matched) {
				throw IngestionException.invalidSignature("the bearer token is not valid");
			}
		};
	}

	private static @Nullable String presented(Delivery delivery, boolean queryAllowed) {
		String authorization = delivery.single("Authorization");
		if (authorization != null) {
			return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
		}
		List<String> query = delivery.query().get("access_token");
		return (queryAllowed && query != null && query.size() == 1) ? query.get(0) : null;
	}

	@Override
	public Mapping mapping(String source) {
		return new Mapping("header:ce-type@head", "header:ce-type@tail|received", source, null);
	}

	@Override
	public List<String> eventHeaderPrefixes() {
		return List.of("ce-");
	}

	@Override
	public List<Header> documentedHeaders() {
		return List.of(new Header("ce-specversion", "CloudEvents binary mode: `1.0` (authorized by `Authorization: Bearer <secret>`)"),
				new Header("ce-id", "CloudEvents binary mode: the event id, deduplicated with ce-source"),
				new Header("ce-source", "CloudEvents binary mode: the event source"),
				new Header("ce-type", "CloudEvents binary mode: the type, split at its last dot into term and action"));
	}

	/** Structured mode's attributes become {@code ce-*} headers and its data the body; either mode needs the required attributes. */
	@Override
	public Object normalize(Object body, MediaType contentType, DeliveryHeaders headers) {
		Object data = body;
		if (contentType.getSubtype().equals("cloudevents+json")) {
			if (!(body instanceof Map<?, ?> event)) {
				throw IngestionException.malformed("a structured CloudEvent must be a JSON object");
			}
			event.forEach((name, value) -> {
				if (!"data".equals(name) && !"data_base64".equals(name) && value != null && !(value instanceof Map)
						&& !(value instanceof List)) {
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

	/** The event's {@code source#id}, each limited as a name is. */
	@Override
	public String deliveryId(DeliveryHeaders headers) {
		String key = key(Ingestion.limited("CloudEvents source", String.valueOf(headers.get("ce-source"))),
				Ingestion.limited("CloudEvents id", String.valueOf(headers.get("ce-id"))));
		if (key.length() > MAX_KEY_LENGTH) {  // a source of nothing but '#' and '%' triples when escaped
			throw IngestionException.malformed("the CloudEvents source and id are longer than " + MAX_KEY_LENGTH
					+ " characters together, once escaped");
		}
		return key;
	}

	/**
	 * The dedupe key of a CloudEvent, {@code source#id}, unambiguous: {@code %} and {@code #} in the
	 * source are percent-encoded, so the first {@code #} always ends the source ({@code a#b} + {@code c}
	 * and {@code a} + {@code b#c} stay two events).
	 */
	static String key(String source, String id) {
		return source.replace("%", "%25").replace("#", "%23") + "#" + id;
	}

}
