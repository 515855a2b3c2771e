package io.taobus.webhook;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.taobus.ingestion.IngestionException;
import io.taobus.webhook.provider.Verifier;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes every signature scheme through {@link Verifiers#of}, as a source is built at startup: a
 * forged, signed or tampered delivery ({@link FuzzedDeliveries}) is accepted exactly when it was signed
 * correctly within the tolerance, and refused with a 4xx {@link IngestionException}, never another
 * exception. Regression mode replays the corpus under {@code VerifierFuzzTestsInputs}.
 */
@Tag("fuzz")
class VerifierFuzzTests {

	@FuzzTest(maxDuration = "2m")
	void bodySignatures(FuzzedDataProvider data) {
		check(data.pickValue(List.of(SourceType.GITHUB, SourceType.SHOPIFY, SourceType.HMAC_SHA256)), data);
	}

	@FuzzTest(maxDuration = "2m")
	void timestampedSignatures(FuzzedDataProvider data) {
		check(data.pickValue(List.of(SourceType.STRIPE, SourceType.SLACK, SourceType.STANDARD_WEBHOOKS)), data);
	}

	@FuzzTest(maxDuration = "2m")
	void bearerTokens(FuzzedDataProvider data) {
		check(SourceType.CLOUDEVENTS, data);
	}

	private static void check(SourceType type, FuzzedDataProvider data) {
		FuzzedDeliveries.Fuzzed fuzzed = FuzzedDeliveries.of(type, data);
		if (fuzzed == null) {
			return;
		}
		Verifier verifier = Verifiers.of("fuzz", fuzzed.source());
		try {
			verifier.verify(fuzzed.delivery(), FuzzedDeliveries.NOW_INSTANT);
		}
		catch (IngestionException ex) {
			if (!ex.status().is4xxClientError()) {
				throw new AssertionError(type + ": refused with " + ex.status(), ex);
			}
			if (fuzzed.mustAccept()) {
				throw new AssertionError(type + ": refused a correctly signed delivery: " + ex.getMessage());
			}
			return;
		}
		if (!fuzzed.mustAccept()) {
			throw new AssertionError(type + ": accepted a " + fuzzed.mode() + " delivery (fresh: " + fuzzed.fresh() + ")");
		}
	}

}
