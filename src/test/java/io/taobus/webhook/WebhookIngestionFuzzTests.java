package io.taobus.webhook;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.taobus.ingestion.Ingestion;
import io.taobus.ingestion.IngestionException;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

import org.springframework.http.MediaType;

/**
 * Fuzzes the whole pipeline of {@link WebhookIngestion#ingest} for every source type, on a real kernel:
 * verify, parse, normalize, map (default or fuzzed expressions), dedupe and dispatch. The only exception
 * is a 4xx {@link IngestionException}, and no result (accepted, duplicate, Slack challenge) comes without
 * a valid signature, except from a source of type {@code none}.
 *
 * <p>No method or field of this class names a record of the webhook package: JUnit would load it while
 * discovering the tests, before Jazzer's agent, and the agent's retransformation of an already loaded
 * record made its constructor fail with {@code NoSuchFieldError} on JDK 25.
 */
@Tag("fuzz")
class WebhookIngestionFuzzTests {

	private static final List<MediaType> TYPES = List.of(MediaType.APPLICATION_JSON,
			MediaType.APPLICATION_FORM_URLENCODED, MediaType.parseMediaType("application/cloudevents+json"));

	private static final Kernel KERNEL = Kernel.builder().build();

	private static final Clock CLOCK = Clock.fixed(FuzzedDeliveries.NOW_INSTANT, ZoneOffset.UTC);

	@AfterAll
	static void closeKernel() {
		KERNEL.close();
	}

	@FuzzTest(maxDuration = "2m")
	void ingest(FuzzedDataProvider data) {
		String type = data.pickValue(FuzzedDeliveries.TYPES);
		MediaType contentType = data.pickValue(TYPES);
		boolean mapped = data.consumeBoolean();
		String[] mapping = new String[4];
		for (int i = 0; mapped && i < mapping.length; i++) {
			mapping[i] = data.consumeString(40);
		}
		FuzzedDeliveries.Fuzzed fuzzed = FuzzedDeliveries.of(type, data);
		if (fuzzed == null) {
			return;
		}
		WebhookSource source = FuzzedDeliveries.compile(fuzzed.source(), mapping);
		if (source == null) {
			return;
		}
		WebhookIngestion ingestion = TestIngestion.of(Map.of("fuzz", source), KERNEL, CLOCK);
		Ingestion.Result result;
		try {
			result = ingestion.ingest(source, fuzzed.delivery(), contentType, System.nanoTime(), UnaryOperator.identity()).block();
		}
		catch (IngestionException ex) {
			if (!ex.status().is4xxClientError()) {
				throw new AssertionError(type + ": refused with " + ex.status(), ex);
			}
			return;
		}
		if (!fuzzed.mayAccept()) {
			throw new AssertionError(type + ": " + result + " for a " + fuzzed.mode() + " delivery");
		}
	}

}
