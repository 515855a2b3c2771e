package io.taobus.webhook.provider;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.taobus.ingestion.BodyParser;
import io.taobus.ingestion.IngestionException;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Fuzzes CloudEvents structured and binary mode: a parsed body and {@code ce-*} headers normalize to
 * data with every required attribute present and non-blank, or to a 400 {@link IngestionException}.
 */
@Tag("fuzz")
class CloudEventsFuzzTests {

	private static final List<MediaType> TYPES = List.of(MediaType.parseMediaType("application/cloudevents+json"),
			MediaType.APPLICATION_JSON);

	private static final List<String> ATTRIBUTES = List.of("ce-id", "ce-source", "ce-type", "ce-specversion", "ce-time");

	private static final CloudEventsProvider PROVIDER = new CloudEventsProvider();

	private static final BodyParser PARSER = new BodyParser(JsonMapper.builder().build());

	@FuzzTest(maxDuration = "2m")
	void normalize(FuzzedDataProvider data) {
		MediaType type = data.pickValue(TYPES);
		HttpHeaders received = new HttpHeaders();
		for (int i = data.consumeInt(0, 5); i > 0; i--) {
			received.add(data.consumeBoolean() ? data.pickValue(ATTRIBUTES) : data.consumeString(16),
					data.consumeString(40));
		}
		DeliveryHeaders headers = new DeliveryHeaders(received);
		try {
			Object normalized = PROVIDER.normalize(PARSER.parse(data.consumeRemainingAsBytes(), type), type, headers);
			if (normalized == null) {
				throw new AssertionError("normalized to null");
			}
			for (String attribute : List.of("ce-id", "ce-source", "ce-type", "ce-specversion")) {
				String value = headers.get(attribute);
				if (value == null || value.isBlank()) {
					throw new AssertionError("normalized without " + attribute);
				}
			}
		}
		catch (IngestionException ex) {
			if (ex.status() != HttpStatus.BAD_REQUEST) {
				throw new AssertionError("refused with " + ex.status(), ex);
			}
		}
	}

}
