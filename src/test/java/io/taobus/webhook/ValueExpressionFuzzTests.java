package io.taobus.webhook;

import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.taobus.webhook.provider.DeliveryHeaders;
import org.junit.jupiter.api.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * Fuzzes the mapping expressions and their JSON Pointers: any expression either is refused at startup
 * with an {@link IllegalArgumentException} or resolves, against any headers and body, to a non-blank
 * value or {@code null}; and a pointer built from any key, escaped as RFC 6901 says, finds that key.
 */
@Tag("fuzz")
class ValueExpressionFuzzTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@FuzzTest(maxDuration = "2m")
	void resolve(FuzzedDataProvider data) {
		String text = data.consumeString(80);
		HttpHeaders received = new HttpHeaders();
		for (int i = data.consumeInt(0, 3); i > 0; i--) {
			received.add(data.consumeString(16), data.consumeString(40));
		}
		Object body = body(data.consumeRemainingAsBytes());
		ValueExpression expression;
		try {
			expression = ValueExpression.parse(text);
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		String value = expression.resolve(new DeliveryHeaders(received), body);
		if (value != null && value.isBlank()) {
			throw new AssertionError("'" + text + "' resolved to a blank value");
		}
	}

	@FuzzTest(maxDuration = "2m")
	void pointer(FuzzedDataProvider data) {
		String key = data.consumeString(20);
		String value = data.consumeString(20);
		String escaped = "/" + key.replace("~", "~0").replace("/", "~1");
		Object document = data.consumeBoolean() ? Map.of("outer", Map.of(key, value)) : Map.of("outer", List.of(value));
		String pointer = (document instanceof Map<?, ?> map && map.get("outer") instanceof List) ? "/outer/0"
				: "/outer" + escaped;
		if (!value.equals(JsonPointer.text(document, pointer))) {
			throw new AssertionError(pointer + " did not find its value");
		}
		String other = data.consumeBoolean() ? escaped : "/" + key;
		JsonPointer.text(body(data.consumeRemainingAsBytes()), other);
	}

	private static Object body(byte[] bytes) {
		try {
			return MAPPER.readValue(bytes, Object.class);
		}
		catch (JacksonException ex) {
			return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
		}
	}

}
