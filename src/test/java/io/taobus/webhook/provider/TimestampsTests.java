package io.taobus.webhook.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay window at its edges, including the far ends of {@code long} (found by VerifierFuzzTests). */
class TimestampsTests {

	static final long NOW = 1_700_000_000L;

	static final Duration TOLERANCE = Duration.ofMinutes(5);

	@Test
	void theWindowIncludesItsEdgesBothWays() {
		for (long seconds : List.of(NOW, NOW - 300, NOW + 300)) {
			assertThatCode(() -> Timestamps.check("t", seconds, Instant.ofEpochSecond(NOW), TOLERANCE))
				.doesNotThrowAnyException();
		}
		for (long seconds : List.of(NOW - 301, NOW + 301, 0L, Long.MAX_VALUE, Long.MIN_VALUE)) {
			assertStale(seconds);
		}
	}

	@Test
	void aTimestampWhoseDistanceOverflowsIsStale() {
		// now - seconds wraps to Long.MIN_VALUE, and Math.abs(Long.MIN_VALUE) is negative: "within" any tolerance
		assertStale(Long.MIN_VALUE + NOW);
		assertStale(Long.MIN_VALUE + NOW - 1);
		assertStale(Long.MIN_VALUE + NOW + 1);
	}

	@Test
	void aSignedTimestampWhoseDistanceOverflowsIsRefusedAsStale() throws GeneralSecurityException {
		String timestamp = Long.toString(Long.MIN_VALUE + NOW);
		byte[] key = { 1, 2, 3 };
		String body = "{}";
		String mac = Base64.getEncoder().encodeToString(hmac(key, ("msg_1." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		Delivery delivery = VerifierTests.delivery(body, "webhook-id", "msg_1", "webhook-timestamp", timestamp,
				"webhook-signature", "v1," + mac);
		Verifier verifier = VerifierTests.standardWebhooks("whsec_" + Base64.getEncoder().encodeToString(key));
		VerifierTests.fails(verifier, delivery, NOW, IngestionOutcome.STALE_TIMESTAMP);
	}

	/** The HMAC-SHA256 with javax.crypto directly, not with the code under test. */
	private static byte[] hmac(byte[] key, byte[] signed) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(signed);
	}

	private static void assertStale(long seconds) {
		assertThatThrownBy(() -> Timestamps.check("t", seconds, Instant.ofEpochSecond(NOW), TOLERANCE))
			.isInstanceOfSatisfying(IngestionException.class,
					(ex) -> assertThat(ex.outcome()).isEqualTo(IngestionOutcome.STALE_TIMESTAMP));
	}

}
