package io.taobus.api;

import java.util.Map;
import java.util.UUID;

import io.taobus.ingestion.AppConRebuilder;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.ingestion.RequestReader;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The AppCon of a {@code /tao/appcons} body, {@code {"term", "action", "orient", "data": {"term",
 * "action", "orient"}}}: built the same way when the request arrives and when a stored one runs again,
 * so that a recovered or replayed AppCon is the one first dispatched (bar its run in the metadata).
 */
final class ApiAppCons {

	private ApiAppCons() {
	}

	/**
	 * Refuses a request of the AppCon API before its body is read: 401 without a token of the
	 * {@code write} scope, 415 unless it declares JSON.
	 */
	static void checkWriteJson(ApiTokens tokens, RequestReader reader, ServerHttpRequest request) {
		if (!tokens.accepts(ApiTokens.Scope.WRITE, request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
			throw new IngestionException(HttpStatus.UNAUTHORIZED, IngestionOutcome.UNAUTHORIZED,
					tokens.detail(ApiTokens.Scope.WRITE));
		}
		MediaType contentType = reader.declaredContentType(request);
		if (contentType == null || !BodyParser.isJson(contentType)) {
			throw new IngestionException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IngestionOutcome.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must be application/json");
		}
	}

	/** The delivery id of a request: its {@code Idempotency-Key} (400 when too long), else a random UUID. */
	static String deliveryId(ServerHttpRequest request) {
		String key = request.getHeaders().getFirst("Idempotency-Key");
		return (key != null && !key.isBlank()) ? Ingestion.limited("Idempotency-Key", key.trim())
				: UUID.randomUUID().toString();
	}

	/** The trigram of a body, checked: each axis a concrete string. */
	static Trigram trigram(Map<?, ?> json) {
		return Trigram.of(name(json, "term"), name(json, "action"), name(json, "orient"));
	}

	/** The body as a JSON object, else a 400. */
	static Map<?, ?> json(BodyParser parser, byte[] body) {
		if (!(parser.parse(body, MediaType.APPLICATION_JSON) instanceof Map<?, ?> json)) {
			throw IngestionException.malformed("the body must be a JSON object with term, action and orient");
		}
		return json;
	}

	/** The data per axis of a body, checked: an object, or empty when absent. */
	static Map<?, ?> data(Map<?, ?> json) {
		Object data = json.get("data");
		if (data != null && !(data instanceof Map)) {
			throw IngestionException.malformed("data must be an object with term, action and orient members");
		}
		return (data != null) ? (Map<?, ?>) data : Map.of();
	}

	/** The AppCon of a checked body; orient data is the metadata unless {@code data.orient} is given. */
	static AppCon appCon(Trigram trigram, Map<?, ?> data, DeliveryMetadata metadata) {
		Object orientData = (data.get("orient") != null) ? data.get("orient") : metadata;
		return new AppCon(trigram, data.get("term"), data.get("action"), orientData);
	}

	/** Rebuilds a stored {@code /tao/appcons} delivery as at its arrival; any other source is not the API's. */
	static AppConRebuilder rebuilder(BodyParser parser) {
		return (record, body, metadata) -> record.source().equals(AppConEndpoint.SOURCE)
				? appCon(json(parser, body), metadata) : null;
	}

	private static AppCon appCon(Map<?, ?> json, DeliveryMetadata metadata) {
		return appCon(trigram(json), data(json), metadata);
	}

	private static @Nullable String name(Map<?, ?> json, String axis) {
		Object value = json.get(axis);
		if (value != null && !(value instanceof String)) {
			throw IngestionException.malformed(axis + " must be a string");
		}
		if (value == null || Trigram.isWild((String) value)) {
			throw IngestionException.malformed(axis + " is required and may not be a wildcard");
		}
		return Ingestion.limited(axis, (String) value);
	}

}
