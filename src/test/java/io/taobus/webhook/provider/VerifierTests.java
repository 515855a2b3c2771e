package io.taobus.webhook.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import io.taobus.ingestion.IngestionException;
import io.taobus.ingestion.IngestionOutcome;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The published test vectors of every scheme (webhooks reference §1.4, §2.3, §2.5), and their negatives. */
class VerifierTests {

	static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	static Delivery delivery(String body, String... headers) {
		HttpHeaders httpHeaders = new HttpHeaders();
		for (int i = 0; i < headers.length; i += 2) {
			httpHeaders.add(headers[i], headers[i + 1]);
		}
		return new Delivery("test", httpHeaders, new LinkedMultiValueMap<>(), body.getBytes(StandardCharsets.UTF_8),
				Instant.now());
	}

	static Verifier standardWebhooks(String... secrets) {
		return TestProviders.of("standard-webhooks").verifier(TestProviders.settings(secrets));
	}

	static Verifier cloudEvents(boolean accessTokenQuery) {
		return TestProviders.of("cloudevents").verifier(new SourceSettings("test", List.of("ce-token"), FIVE_MINUTES, null,
				"hex", "", accessTokenQuery));
	}

	static void passes(Verifier verifier, Delivery delivery, long epochSecond) {
		assertThatCode(() -> verifier.verify(delivery, Instant.ofEpochSecond(epochSecond))).doesNotThrowAnyException();
	}

	static void fails(Verifier verifier, Delivery delivery, long epochSecond, IngestionOutcome outcome) {
		assertThatThrownBy(() -> verifier.verify(delivery, Instant.ofEpochSecond(epochSecond)))
			.isInstanceOfSatisfying(IngestionException.class, (ex) -> assertThat(ex.outcome()).isEqualTo(outcome));
	}

	@Nested
	class StandardWebhooks {

		static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

		static final long TS = 1614265330;

		static final String BODY = "{\"test\": 2432232314}";

		final Verifier sw1 = standardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

		Delivery signed(String signature) {
			return delivery(BODY, "webhook-id", ID, "webhook-timestamp", String.valueOf(TS), "webhook-signature", signature);
		}

		@Test
		void officialVectorSw1() {
			passes(this.sw1, signed("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), TS);
		}

		@Test
		void prefixIsOptionalAndSvixHeadersAreAliases() {
			Verifier bare = standardWebhooks("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
			passes(bare, delivery(BODY, "svix-id", ID, "svix-timestamp", String.valueOf(TS), "svix-signature",
					"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), TS);
		}

		@Test
		void invalidWrongVersionAndMalformedSignaturesFail() {
			for (String signature : List.of("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
					"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
					"v1,", "invalid_signature")) {
				fails(this.sw1, signed(signature), TS, IngestionOutcome.INVALID_SIGNATURE);
			}
		}

		@Test
		void anyValidSignatureInAListPasses() {
			passes(this.sw1, signed("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
					+ " v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="), TS);
		}

		@Test
		void rotationAcceptsEitherSecret() {
			Verifier rotated = standardWebhooks("whsec_b6Ovv5eS7H5seJrGSStBYDivs8v2/KrFjfMaVZYsi7w=",
					"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
			passes(rotated, signed("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), TS);
		}

		@Test
		void timestampOutsideToleranceFailsBothWays() {
			Delivery valid = signed("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
			fails(this.sw1, valid, TS + 301, IngestionOutcome.STALE_TIMESTAMP);
			fails(this.sw1, valid, TS - 301, IngestionOutcome.STALE_TIMESTAMP);
			passes(this.sw1, valid, TS + 300);
		}

		@Test
		void missingHeadersFail() {
			fails(this.sw1, delivery(BODY, "webhook-id", ID, "webhook-timestamp", String.valueOf(TS)), TS,
					IngestionOutcome.INVALID_SIGNATURE);
			fails(this.sw1, delivery(BODY, "webhook-id", ID, "webhook-timestamp", "yesterday", "webhook-signature", "v1,x"), TS,
					IngestionOutcome.INVALID_SIGNATURE);
		}

		@Test
		void asymmetricVectorSw2WithARawPublicKey() {
			Verifier v1a = standardWebhooks("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=");
			passes(v1a, signed("v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag=="), TS);
		}

		@Test
		void cosiumVectorSw3SymmetricAndAsymmetricWithAnX509Key() {
			String id = "7a2486b3-31cf-4bd3-a460-df8845d16cd5";
			long ts = 1737987215;
			String body = "{\"greetings\": \"Hello World\"}";
			Verifier both = standardWebhooks("whsec_b6Ovv5eS7H5seJrGSStBYDivs8v2/KrFjfMaVZYsi7w=",
					"whpk_MCowBQYDK2VwAyEAkp3dScDPIzT1CwUFUMdzyPbWOAQaCF9z4ucuKuZD7Io=");
			String v1 = "v1,iayM3VaiYCEDP/CxWUFWcxUCJk2YmBDQHtHTsaHzrwo=";
			String v1a = "v1a,XVbiOe+IzCKsXBuhb52iHLroqxFJofJNMQRL80I2kWO0+kXu2gcqgXAzontxDDgpMDw6SMh4sjzr+67EmUUzDg==";
			for (String signature : List.of(v1, v1a)) {
				passes(both, delivery(body, "webhook-id", id, "webhook-timestamp", "" + ts, "webhook-signature", signature), ts);
				fails(both, delivery("{\"greetings\": \"Hello\"}", "webhook-id", id, "webhook-timestamp", "" + ts,
						"webhook-signature", signature), ts, IngestionOutcome.INVALID_SIGNATURE);
				fails(both, delivery(body, "webhook-id", id, "webhook-timestamp", "" + (ts + 1), "webhook-signature",
						signature), ts, IngestionOutcome.INVALID_SIGNATURE);
				fails(both, delivery(body, "webhook-id", id.replace("cd5", "cd6"), "webhook-timestamp", "" + ts,
						"webhook-signature", signature), ts, IngestionOutcome.INVALID_SIGNATURE);
			}
			fails(both, delivery(body, "webhook-id", id, "webhook-timestamp", "" + ts, "webhook-signature",
					"v1a,J/b6YbswScYdpR1AvAXOM2HR/jdSzawexEQ+N/6dHBcKtvJFd9yivsCDkwVE6A1G2C9wFFwQENUhio5rNrpiAw=="), ts,
					IngestionOutcome.INVALID_SIGNATURE);
		}

		@Test
		void aSignaturePastedAsTheSecretIsRefusedAtStartup() {
			assertThatThrownBy(() -> standardWebhooks("v1,whsec_abc"))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("looks like a signature");
			assertThatThrownBy(() -> standardWebhooks("whpk_AAAA"))
				.isInstanceOf(IllegalArgumentException.class);
		}

		@Test
		void twoSignatureHeadersAreRefused() {
			fails(this.sw1, delivery(BODY, "webhook-id", ID, "webhook-timestamp", String.valueOf(TS), "webhook-signature",
					"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "webhook-signature", "v1,other"), TS,
					IngestionOutcome.INVALID_SIGNATURE);
		}

	}

	@Test
	void githubVectorGh1() {
		Verifier github = TestProviders.of("github").verifier(TestProviders.settings("It's a Secret to Everybody"));
		passes(github, delivery("Hello, World!", "X-Hub-Signature-256",
				"sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), 0);
		fails(github, delivery("Hello, World?", "X-Hub-Signature-256",
				"sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), 0, IngestionOutcome.INVALID_SIGNATURE);
		fails(github, delivery("Hello, World!", "X-Hub-Signature-256",
				"757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), 0, IngestionOutcome.INVALID_SIGNATURE);
		fails(github, delivery("Hello, World!", "X-Hub-Signature-256", "sha256=not-hex"), 0, IngestionOutcome.INVALID_SIGNATURE);
		fails(github, delivery("Hello, World!"), 0, IngestionOutcome.INVALID_SIGNATURE);
	}

	@Test
	void shopifyDerivedVector() {
		Verifier shopify = TestProviders.of("shopify").verifier(TestProviders.settings("It's a Secret to Everybody"));
		passes(shopify, delivery("Hello, World!", "X-Shopify-Hmac-SHA256", "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc="), 0);
		fails(shopify, delivery("Hello, World!", "X-Shopify-Hmac-SHA256", "eXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc="), 0,
				IngestionOutcome.INVALID_SIGNATURE);
	}

	@Test
	void slackVectorSl1() {
		String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
				+ "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
				+ "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
				+ "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
		Verifier slack = TestProviders.of("slack").verifier(TestProviders.settings("8f742231b10e8888abcd99yyyzzz85a5"));
		String signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
		passes(slack, delivery(body, "X-Slack-Request-Timestamp", "1531420618", "X-Slack-Signature", signature), 1531420618);
		fails(slack, delivery(body, "X-Slack-Request-Timestamp", "1531420618", "X-Slack-Signature", signature),
				1531420618 + 301, IngestionOutcome.STALE_TIMESTAMP);
		fails(slack, delivery(body, "X-Slack-Request-Timestamp", "1531420619", "X-Slack-Signature", signature), 1531420618,
				IngestionOutcome.INVALID_SIGNATURE);
	}

	@Test
	void stripeDerivedVectorIgnoresV0AndChecksBothDirections() {
		Verifier stripe = TestProviders.of("stripe").verifier(TestProviders.settings("whsec_test_secret"));
		String body = "{\"id\":\"evt_test_webhook\",\"object\":\"event\"}";
		String v1 = "3c5817089d739023dd6190f70a3757e04f7a2fd8b5dab12c2e000f51970dccff";
		passes(stripe, delivery(body, "Stripe-Signature", "t=1614265330,v1=" + v1 + ",v0=fake"), 1614265330);
		passes(stripe, delivery(body, "Stripe-Signature", "t=1614265330,v1=00" + v1.substring(2) + ",v1=" + v1), 1614265330);
		fails(stripe, delivery(body, "Stripe-Signature", "t=1614265330,v0=" + v1), 1614265330, IngestionOutcome.INVALID_SIGNATURE);
		fails(stripe, delivery(body, "Stripe-Signature", "t=1614265330,v1=" + v1), 1614265330 - 301,
				IngestionOutcome.STALE_TIMESTAMP);
		fails(stripe, delivery(body, "Stripe-Signature", "v1=" + v1), 1614265330, IngestionOutcome.INVALID_SIGNATURE);
	}

	@Test
	void genericHmacWithPrefixAndBase64() {
		Verifier generic = TestProviders.of("hmac-sha256").verifier(new SourceSettings("test", List.of("k"), FIVE_MINUTES, "X-Signature",
				"base64", "sha256=", false));
		byte[] mac = Signatures.hmacSha256("k".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
		passes(generic, delivery("{}", "X-Signature", "sha256=" + java.util.Base64.getEncoder().encodeToString(mac)), 0);
		fails(generic, delivery("{}", "X-Signature", "sha256=" + HexFormat.of().formatHex(mac)), 0,
				IngestionOutcome.INVALID_SIGNATURE);
	}

	@Test
	void cloudEventsBearerTokenInHeaderOrQuery() {
		Verifier bearer = cloudEvents(true);
		passes(bearer, delivery("{}", "Authorization", "Bearer ce-token"), 0);
		fails(bearer, delivery("{}", "Authorization", "Bearer wrong"), 0, IngestionOutcome.INVALID_SIGNATURE);
		fails(bearer, delivery("{}", "Authorization", "Basic Y2U6dG9rZW4="), 0, IngestionOutcome.INVALID_SIGNATURE);
		Delivery query = delivery("{}");
		query.query().add("access_token", "ce-token");
		passes(bearer, query, 0);
	}

	@Test
	void cloudEventsAccessTokenInTheQueryOnlyWhenTheSourceOptsIn() {
		Verifier headerOnly = cloudEvents(false);
		Delivery query = delivery("{}");
		query.query().add("access_token", "ce-token");
		fails(headerOnly, query, 0, IngestionOutcome.INVALID_SIGNATURE);
		passes(headerOnly, delivery("{}", "Authorization", "Bearer ce-token"), 0);
	}

}
