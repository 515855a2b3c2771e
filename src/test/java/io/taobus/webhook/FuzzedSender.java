package io.taobus.webhook;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

import static io.taobus.webhook.FuzzedDeliveries.base64;
import static io.taobus.webhook.FuzzedDeliveries.hex;
import static io.taobus.webhook.FuzzedDeliveries.hmac;

/**
 * How each provider signs a delivery (webhooks reference), written for {@link FuzzedDeliveries}: the
 * signature headers of a source type, and a signed or tampered set of them.
 *
 * @param type the source type
 * @param header the configured header of {@code hmac-sha256}
 * @param prefix the configured prefix of {@code hmac-sha256}
 * @param encoding the configured encoding of {@code hmac-sha256}
 * @param alias whether to use a scheme's alternative spelling (svix headers, upper-case prefix, query token)
 */
record FuzzedSender(String type, @Nullable String header, String prefix, String encoding, boolean alias) {

	private static final List<String> STANDARD = List.of("webhook-id", "webhook-timestamp", "webhook-signature",
			"svix-id", "svix-timestamp", "svix-signature");

	/** Every header the scheme reads, that noise must leave alone in a signed delivery. */
	List<String> headerNames() {
		return switch (this.type) {
			case "github" -> List.of("X-Hub-Signature-256");
			case "shopify" -> List.of("X-Shopify-Hmac-SHA256");
			case "hmac-sha256" -> List.of(String.valueOf(this.header));
			case "stripe" -> List.of("Stripe-Signature");
			case "slack" -> List.of("X-Slack-Signature", "X-Slack-Request-Timestamp");
			case "standard-webhooks" -> STANDARD;
			case "cloudevents" -> List.of("Authorization");
			case "none" -> List.of();
			default -> throw new IllegalArgumentException("no sender for type " + this.type);
		};
	}

	/** Whether a tampered delivery stays invalid: a changed key or token must not be another configured one. */
	boolean tamperStaysInvalid(FuzzedDeliveries.Tamper tamper, List<String> secrets, List<byte[]> keys, byte[] key,
			String secret, int bit) {
		if ("cloudevents".equals(this.type)) {
			return !secrets.contains(flip(secret, bit).trim());
		}
		if (effective(tamper) != FuzzedDeliveries.Tamper.KEY) {
			return true;
		}
		byte[] probe = hmac(flip(key, bit), "probe", new byte[0]);
		return keys.stream().noneMatch((k) -> Arrays.equals(hmac(k, "probe", new byte[0]), probe));
	}

	/** Adds the signature headers (or query token) and returns the body as sent. */
	byte[] sign(byte[] key, String secret, byte[] body, String ts, String id, FuzzedDeliveries.@Nullable Tamper tamper,
			int bit, HttpHeaders headers, MultiValueMap<String, String> query) {
		FuzzedDeliveries.Tamper t = (tamper != null) ? effective(tamper) : null;
		String sentTs = (t == FuzzedDeliveries.Tamper.TIMESTAMP) ? Long.toString(Long.parseLong(ts) ^ 1) : ts;
		String sentId = (t == FuzzedDeliveries.Tamper.ID) ? id + "x" : id;
		byte[] mac = hmac((t == FuzzedDeliveries.Tamper.KEY) ? flip(key, bit) : key, signedPrefix(ts, id), body);
		mac = (t == FuzzedDeliveries.Tamper.MAC_BIT) ? flip(mac, bit) : mac;
		switch (this.type) {
			case "github" -> headers.add("X-Hub-Signature-256", (this.alias ? "SHA256=" : "sha256=") + hex(mac));
			case "shopify" -> headers.add("X-Shopify-Hmac-SHA256", base64(mac));
			case "hmac-sha256" -> headers.add(this.header,
					this.prefix + (this.encoding.equalsIgnoreCase("hex") ? hex(mac) : base64(mac)));
			case "stripe" -> headers.add("Stripe-Signature", "t=" + sentTs + ",v1=" + hex(mac)
					+ (this.alias ? ",v0=" + hex(hmac(key, "v0", body)) : ""));
			case "slack" -> {
				headers.add("X-Slack-Request-Timestamp", sentTs);
				headers.add("X-Slack-Signature", "v0=" + hex(mac));
			}
			case "standard-webhooks" -> {
				int offset = this.alias ? 3 : 0;
				headers.add(STANDARD.get(offset), sentId);
				headers.add(STANDARD.get(offset + 1), sentTs);
				headers.add(STANDARD.get(offset + 2), (this.alias ? "v1a,AAAA v1," + base64(hmac(key, "x", body)) + " " : "")
						+ "v1," + base64(mac));
			}
			case "cloudevents" -> {
				String token = (t != null) ? flip(secret, bit) : secret;
				if (this.alias) {
					query.add("access_token", token);
				}
				else {
					headers.add("Authorization", ((bit & 1) == 0 ? "Bearer " : "bEARER ") + token);
				}
			}
			case "none" -> {
			}
		}
		return (t == FuzzedDeliveries.Tamper.BODY_BIT) ? flip(body, bit) : body;
	}

	/** The tamper that applies to this scheme: a body-only scheme has no timestamp or id to change. */
	private FuzzedDeliveries.Tamper effective(FuzzedDeliveries.Tamper tamper) {
		boolean timestamped = "stripe".equals(this.type) || "slack".equals(this.type)
				|| "standard-webhooks".equals(this.type);
		return switch (tamper) {
			case TIMESTAMP -> timestamped ? tamper : FuzzedDeliveries.Tamper.MAC_BIT;
			case ID -> ("standard-webhooks".equals(this.type)) ? tamper : FuzzedDeliveries.Tamper.BODY_BIT;
			default -> tamper;
		};
	}

	private String signedPrefix(String ts, String id) {
		return switch (this.type) {
			case "stripe" -> ts + ".";
			case "slack" -> "v0:" + ts + ":";
			case "standard-webhooks" -> id + "." + ts + ".";
			default -> "";
		};
	}

	static byte[] flip(byte[] bytes, int bit) {
		if (bytes.length == 0) {
			return new byte[] { 0 };
		}
		byte[] flipped = bytes.clone();
		flipped[(bit >>> 3) % flipped.length] ^= (byte) (1 << (bit & 7));
		return flipped;
	}

	static String flip(String value, int bit) {
		char[] chars = value.toCharArray();
		int at = (bit >>> 4) % chars.length;
		chars[at] = (char) (chars[at] ^ (1 << (bit & 15)));
		return new String(chars);
	}

}
