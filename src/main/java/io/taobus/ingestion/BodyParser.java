package io.taobus.ingestion;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.util.UriUtils;

/**
 * Parses a verified body into plain maps, lists and scalars: JSON ({@code application/json} and
 * {@code application/*+json}) or a form ({@code application/x-www-form-urlencoded}, whose single
 * JSON {@code payload} field, as Slack sends it, is parsed as JSON). Anything that is not valid UTF-8
 * or not well formed is refused with a detail that quotes nothing of the body.
 */
public final class BodyParser {

	private final JsonMapper mapper;

	public BodyParser(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** Whether taobus takes this content type at all (else 415). */
	static boolean supports(@Nullable MediaType type) {
		return type != null && (isJson(type) || MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type))
				&& !type.getSubtype().startsWith("cloudevents-batch");
	}

	public static boolean isJson(MediaType type) {
		return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
				|| ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
	}

	public Object parse(byte[] body, MediaType type) {
		if (body.length == 0) {
			throw IngestionException.malformed("the body is empty");
		}
		return isJson(type) ? json(body) : form(body);
	}

	Object json(byte[] body) {
		try {
			Object value = this.mapper.readValue(body, Object.class);
			if (value == null) {
				throw IngestionException.malformed("the body is JSON null");
			}
			return value;
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			String where = (location != null) ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
					: "";
			throw IngestionException.malformed("the body is not valid JSON" + where + ": " + reason(ex));
		}
	}

	private static String reason(JacksonException ex) {
		String message = String.valueOf(ex.getOriginalMessage());
		if (message.contains("nesting depth")) {
			return "nested too deep";
		}
		if (message.contains("UTF-8") || message.contains("UTF8")) {
			return "invalid UTF-8";
		}
		if (message.contains("end-of-input")) {
			return "unexpected end of input";
		}
		return "malformed";
	}

	private Object form(byte[] body) {
		String text = strictUtf8(body);
		Map<String, Object> fields = new LinkedHashMap<>();
		for (String pair : text.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq < 0) ? pair : pair.substring(0, eq));
			String value = (eq < 0) ? "" : decode(pair.substring(eq + 1));
			fields.merge(name, value, BodyParser::append);
		}
		if (fields.isEmpty()) {
			throw IngestionException.malformed("the form has no field");
		}
		if (fields.size() == 1 && fields.get("payload") instanceof String payload && payload.startsWith("{")) {
			return json(payload.getBytes(StandardCharsets.UTF_8));
		}
		return fields;
	}

	@SuppressWarnings("unchecked")
	private static Object append(Object existing, Object added) {
		List<Object> values = (existing instanceof List<?> list) ? (List<Object>) list : new ArrayList<>(List.of(existing));
		values.add(added);
		return values;
	}

	private static String decode(String value) {
		try {
			return strictUtf8(UriUtils.decode(value.replace('+', ' '), StandardCharsets.ISO_8859_1)
				.getBytes(StandardCharsets.ISO_8859_1));
		}
		catch (IllegalArgumentException ex) {
			throw IngestionException.malformed("the form has an invalid percent-encoding");
		}
	}

	private static String strictUtf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw IngestionException.malformed("the body is not valid UTF-8");
		}
	}

}
