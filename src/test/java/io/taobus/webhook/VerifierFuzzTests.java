package io.taobus.webhook;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.taobus.ingestion.IngestionException;
import io.taobus.webhook.provider.TestProviders;
import io.taobus.webhook.provider.Verifier;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes every provider's verifier as a source builds it at startup ({@link WebhookSource#of}): a
 * forged, signed or tampered delivery ({@link FuzzedDeliveries}) is accepted exactly when it was signed
 * correctly within the tolerance, and refused with a 4xx {@link IngestionException}, never another
 * exception. Regression mode replays the corpus under {@code VerifierFuzzTestsInputs}.
 */
@Tag("fuzz")
class VerifierFuzzTests {

	@FuzzTest(maxDuration = "2m")
	void bodySignatures(FuzzedDataProvider data) {
		check(data.pickValue(List.of("github", "shopify", "hmac-sha256")), data);
	}

	@FuzzTest(maxDuration = "2m")
	void timestampedSignatures(FuzzedDataProvider data) {
		check(data.pickValue(List.of("stripe", "slack", "standard-webhooks")), data);
	}

	@FuzzTest(maxDuration = "2m")
	void bearerTokens(FuzzedDataProvider data) {
		check("cloudevents", data);
	}

	private static void check(String type, FuzzedDataProvider data) {
		FuzzedDeliveries.Fuzzed fuzzed = FuzzedDeliveries.of(type, data);
		if (fuzzed == null) {
			return;
		}
		Verifier verifier = WebhookSource.of("fuzz", fuzzed.source(), TestProviders.all()).verifier();
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
