package io.taobus.webhook.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.taobus.ingestion.IngestionException;

import org.springframework.core.annotation.Order;

/**
 * Standard Webhooks v1.0: signs {@code id.timestamp.body}; {@code webhook-signature} holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} and {@code v1a,<base64 Ed25519>} signatures, any one
 * of which may match a configured key (rotation). {@code whsec_} secrets are HMAC keys (base64, prefix
 * optional); {@code whpk_} secrets are Ed25519 public keys, raw 32 bytes or X.509 DER, as the spec
 * leaves the encoding open. The {@code svix-*} headers are accepted as aliases. The payload's
 * {@code type} splits into term and action, and {@code webhook-id} is the delivery id.
 */
@Order(5)
final class StandardWebhooksProvider implements WebhookProvider {

	private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	@Override
	public String type() {
		return "standard-webhooks";
	}

	@Override
	public Verifier verifier(SourceSettings source) {
		List<byte[]> hmacKeys = new ArrayList<>();
		List<PublicKey> publicKeys = new ArrayList<>();
		for (String secret : source.secrets()) {
			String trimmed = secret.trim();
			if (trimmed.startsWith("v1,") || trimmed.startsWith("v1a,")) {
				throw new IllegalArgumentException("source '" + source.name() + "': the secret looks like a signature ("
						+ trimmed.substring(0, trimmed.indexOf(',') + 1) + "…); configure the whsec_ or whpk_ secret itself");
			}
			if (trimmed.startsWith("whpk_")) {
				publicKeys.add(publicKey(source.name(), trimmed.substring(5)));
			}
			else {
				byte[] key = Signatures.base64(trimmed.startsWith("whsec_") ? trimmed.substring(6) : trimmed);
				if (key == null || key.length == 0) {
					throw new IllegalArgumentException("source '" + source.name() + "': a Standard Webhooks secret must be"
							+ " whsec_ followed by base64");
				}
				hmacKeys.add(key);
			}
		}
		Keys keys = new Keys(new HmacKeys(hmacKeys), List.copyOf(publicKeys));
		return (delivery, now) -> verify(keys, source, delivery, now);
	}

	private static void verify(Keys keys, SourceSettings source, Delivery delivery, Instant now) {
		String id = header(delivery, "webhook-id", "svix-id");
		String timestamp = header(delivery, "webhook-timestamp", "svix-timestamp");
		String signatures = header(delivery, "webhook-signature", "svix-signature");
		long seconds = Timestamps.parse("webhook-timestamp", timestamp);
		byte[] prefix = Signatures.utf8(id + "." + timestamp + ".");
		if (!keys.anyMatches(signatures, prefix, delivery.body())) {
			throw IngestionException.invalidSignature("no signature in webhook-signature matches");
		}
		Timestamps.check("webhook-timestamp", seconds, now, source.tolerance());
	}

	@Override
	public Mapping mapping(String source) {
		return Mapping.byType(source, "header:webhook-id|header:svix-id");
	}

	@Override
	public List<String> eventHeaderPrefixes() {
		return List.of("webhook-", "svix-");
	}

	@Override
	public List<Header> documentedHeaders() {
		return List.of(new Header("webhook-id", "Standard Webhooks: the message id, deduplicated (svix-id also accepted)"),
				new Header("webhook-timestamp", "Standard Webhooks: unix seconds, within the source's tolerance"),
				new Header("webhook-signature", "Standard Webhooks: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` (or `v1a`, Ed25519)"));
	}

	/** A {@code whsec_} or {@code whpk_} secret is base64: its key is the decoded bytes. */
	@Override
	public int keyBytes(String secret) {
		if (secret.startsWith("whsec_") || secret.startsWith("whpk_")) {
			byte[] key = Signatures.base64(secret.substring(secret.indexOf('_') + 1));
			// an undecodable one is refused by the verifier with a clearer message
			return (key != null) ? key.length : Integer.MAX_VALUE;
		}
		return secret.getBytes(StandardCharsets.UTF_8).length;
	}

	private static PublicKey publicKey(String source, String base64) {
		byte[] bytes = Signatures.base64(base64);
		if (bytes == null) {
			throw new IllegalArgumentException("source '" + source + "': whpk_ must be followed by base64");
		}
		byte[] der = (bytes.length == 32) ? concat(ED25519_SPKI_PREFIX, bytes) : bytes;
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("source '" + source + "': whpk_ is neither a raw 32-byte Ed25519 key"
					+ " nor an X.509 Ed25519 public key");
		}
	}

	private static String header(Delivery delivery, String name, String alias) {
		return (delivery.single(name) == null && delivery.single(alias) != null) ? delivery.required(alias)
				: delivery.required(name);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] result = new byte[first.length + second.length];
		System.arraycopy(first, 0, result, 0, first.length);
		System.arraycopy(second, 0, result, first.length, second.length);
		return result;
	}

	/** A source's HMAC keys and Ed25519 public keys: any signature in the header may match any of them. */
	private record Keys(HmacKeys hmac, List<PublicKey> publicKeys) {

		boolean anyMatches(String header, byte[] prefix, byte[] body) {
			for (String candidate : header.trim().split(" +")) {
				int comma = candidate.indexOf(',');
				if (comma < 0) {
					continue;
				}
				String version = candidate.substring(0, comma);
				byte[] signature = Signatures.base64(candidate.substring(comma + 1));
				if ("v1".equals(version) && this.hmac.matches(signature, prefix, body)) {
					return true;
				}
				if ("v1a".equals(version) && signature != null) {
					for (PublicKey key : this.publicKeys) {
						if (ed25519(key, signature, prefix, body)) {
							return true;
						}
					}
				}
			}
			return false;
		}

		private static boolean ed25519(PublicKey key, byte[] signature, byte[] prefix, byte[] body) {
			try {
				Signature verifier = Signature.getInstance("Ed25519");
				verifier.initVerify(key);
				verifier.update(prefix);
				verifier.update(body);
				return verifier.verify(signature);
			}
			catch (GeneralSecurityException ex) {
				return false;
			}
		}

	}

}
