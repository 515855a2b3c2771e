package io.taobus.ingestion;

import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * Fuzzes what a verified body goes through before mapping: the {@code Content-Type} check of
 * {@link RequestReader} and {@link BodyParser} (JSON, forms, Slack's {@code payload} field). Any header and
 * any bytes give a value of the parsed shapes, or a 400 / 415 {@link IngestionException}: never another
 * exception, however deep the nesting.
 */
@Tag("fuzz")
class BodyParserFuzzTests {

	private static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded",
			"application/cloudevents+json; charset=utf-8", "application/vnd.api+json", "application/cloudevents-batch+json",
			"text/plain");

	private static final RequestReader READER = new RequestReader(new BodyLimit(1 << 20, "max-body-size"), (bytes) -> {
	});

	private static final BodyParser PARSER = new BodyParser(JsonMapper.builder().build());

	@FuzzTest(maxDuration = "2m")
	void parse(FuzzedDataProvider data) {
		String header = data.consumeBoolean() ? data.pickValue(CONTENT_TYPES) : data.consumeString(60);
		byte[] body = data.consumeRemainingAsBytes();
		try {
			MediaType type = READER.contentType(MockServerHttpRequest.post("/webhooks/fuzz")
				.header("Content-Type", header)
				.build());
			Object value = PARSER.parse(body, type);
			if (!(value instanceof Map || value instanceof List || value instanceof String || value instanceof Number
					|| value instanceof Boolean)) {
				throw new AssertionError("parsed to " + value.getClass());
			}
		}
		catch (IngestionException ex) {
			if (ex.status() != HttpStatus.BAD_REQUEST && ex.status() != HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
				throw new AssertionError("refused with " + ex.status(), ex);
			}
		}
	}

}
