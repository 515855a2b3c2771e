package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.taobus.webhook.provider.Delivery;
import io.taobus.webhook.provider.TestProviders;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The fuzz tests' sender and oracle: builds a delivery of a source type out of fuzzer data, either
 * forged (every signature header written by the fuzzer), signed the way the provider signs, or signed
 * and then tampered with (one MAC bit, one body bit, the timestamp, the id or the key changed), and says
 * whether a correct verifier must accept it. It signs with {@code javax.crypto} directly, never with the
 * code under test, so that a verifier and its oracle cannot share a mistake.
 */
final class FuzzedDeliveries {

	static final long NOW = 1_700_000_000L;

	static final Instant NOW_INSTANT = Instant.ofEpochSecond(NOW);

	static final Duration TOLERANCE = Duration.ofMinutes(5);

	/** Every provider's type, in the order the corpus was recorded with (the order of the enum they were). */
	static final List<String> TYPES = List.of("standard-webhooks", "github", "stripe", "slack", "shopify", "cloudevents",
			"hmac-sha256", "none");

	enum Mode {

		FORGED, SIGNED, TAMPERED

	}

	enum Tamper {

		MAC_BIT, BODY_BIT, TIMESTAMP, ID, KEY

	}

	/** A delivery, the source it is for, and whether it was signed correctly within the tolerance. */
	record Fuzzed(WebhookProperties.Source source, Delivery delivery, Mode mode, boolean fresh) {

		boolean mustAccept() {
			return this.mode == Mode.SIGNED && this.fresh;
		}

		/** Whether any verdict but a refusal is allowed: only a valid signature, or a source that signs nothing. */
		boolean mayAccept() {
			return mustAccept() || "none".equals(this.source.type());
		}

	}

	private FuzzedDeliveries() {
	}

	static @Nullable Fuzzed of(String type, FuzzedDataProvider data) {
		Mode mode = data.pickValue(Mode.values());
		Tamper tamper = data.pickValue(Tamper.values());
		List<String> secrets = new ArrayList<>();
		List<byte[]> keys = new ArrayList<>();
		for (int i = data.consumeInt(1, 2); i > 0; i--) {
			if ("standard-webhooks".equals(type)) {
				byte[] key = data.consumeBytes(40);
				key = (key.length == 0) ? new byte[] { 1 } : key;
				keys.add(key);
				secrets.add("whsec_" + Base64.getEncoder().encodeToString(key));
			}
			else {
				String secret = trimmed(data.consumeString(40), "secret-" + i);
				secrets.add(secret);
				keys.add(secret.getBytes(StandardCharsets.UTF_8));
			}
		}
		String header = ("hmac-sha256".equals(type)) ? trimmed(data.consumeString(24), "X-Signature") : null;
		String prefix = ("hmac-sha256".equals(type)) ? data.consumeString(8).trim() : "";
		String encoding = data.pickValue(List.of("hex", "base64", "BASE64"));
		WebhookProperties.Source source = new WebhookProperties.Source(type, null, secrets, TOLERANCE,
				"none".equals(type), header, encoding, prefix, null, null, null, null);
		// an offset from now, near it or anywhere (wrapping around the range of long)
		long ts = NOW + (data.consumeBoolean() ? data.consumeLong(-400, 400) : data.consumeLong());
		boolean timestamped = "stripe".equals(type) || "slack".equals(type)
				|| "standard-webhooks".equals(type);
		boolean fresh = !timestamped || ts >= NOW - TOLERANCE.toSeconds() && ts <= NOW + TOLERANCE.toSeconds();
		String id = trimmed(data.consumeString(30), "msg_1");
		int signer = data.consumeInt(0, keys.size() - 1);
		byte[] key = keys.get(signer);
		int bit = data.consumeInt(0, Integer.MAX_VALUE);
		FuzzedSender sender = new FuzzedSender(type, header, prefix, encoding, data.consumeBoolean());
		HttpHeaders headers = new HttpHeaders();
		LinkedMultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		List<String> names = sender.headerNames();
		if (mode == Mode.FORGED) {
			for (String name : names) {
				for (int i = data.consumeInt(0, 2); i > 0; i--) {
					headers.add(name, data.consumeString(120));
				}
			}
			if ("cloudevents".equals(type) && data.consumeBoolean()) {
				query.add("access_token", data.consumeString(40));
			}
		}
		for (int i = data.consumeInt(0, 3); i > 0; i--) {
			String name = data.consumeString(20);
			String value = data.consumeString(40);
			if (mode == Mode.FORGED || names.stream().noneMatch(name::equalsIgnoreCase)) {
				headers.add(name, value);
			}
		}
		byte[] body = data.consumeRemainingAsBytes();
		if (mode == Mode.FORGED) {
			if ("cloudevents".equals(type) && presentsAToken(headers, query, secrets)) {
				return null; // a bearer token is its own signature: the fuzzer guessed one, nothing was forged
			}
			return new Fuzzed(source, new Delivery("fuzz", headers, query, body, NOW_INSTANT), mode, fresh);
		}
		if (mode == Mode.TAMPERED && !sender.tamperStaysInvalid(tamper, secrets, keys, key, secrets.get(signer), bit)) {
			return null;
		}
		byte[] sent = sender.sign(key, secrets.get(signer), body, Long.toString(ts), id,
				(mode == Mode.TAMPERED) ? tamper : null, bit, headers, query);
		return new Fuzzed(source, new Delivery("fuzz", headers, query, sent, NOW_INSTANT), mode, fresh);
	}

	/** The source as startup compiles it with a mapping, or {@code null} when startup would refuse it. */
	static @Nullable WebhookSource compile(WebhookProperties.Source s, @Nullable String[] mapping) {
		try {
			return WebhookSource.of("fuzz", new WebhookProperties.Source(s.type(), s.secret(), s.secrets(), s.tolerance(),
					s.allowUnsigned(), s.header(), s.encoding(), s.prefix(), mapping[0], mapping[1], mapping[2],
					mapping[3]), TestProviders.all());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean presentsAToken(HttpHeaders headers, MultiValueMap<String, String> query,
			List<String> tokens) {
		List<String> presented = new ArrayList<>(query.getOrDefault("access_token", List.of()));
		headers.getOrEmpty("Authorization").forEach((value) -> presented.add(value.substring(Math.min(7, value.length()))));
		return presented.stream().anyMatch((token) -> tokens.contains(token.trim()));
	}

	/** A header value as HTTP carries it: no surrounding whitespace, never blank. */
	static String trimmed(String value, String fallback) {
		String trimmed = value.trim().strip();
		return (trimmed.isEmpty() || !trimmed.equals(trimmed.trim())) ? fallback : trimmed;
	}

	static byte[] hmac(byte[] key, String prefix, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update(prefix.getBytes(StandardCharsets.UTF_8));
			return mac.doFinal(body);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
