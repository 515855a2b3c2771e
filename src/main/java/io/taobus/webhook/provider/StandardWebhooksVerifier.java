package io.taobus.webhook.provider;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.taobus.ingestion.IngestionException;

/**
 * Standard Webhooks v1.0: signs {@code id.timestamp.body}; {@code webhook-signature} holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} and {@code v1a,<base64 Ed25519>} signatures, any
 * one of which may match a configured key (rotation). {@code whsec_} secrets are HMAC keys (base64,
 * prefix optional); {@code whpk_} secrets are Ed25519 public keys, raw 32 bytes or X.509 DER, as the
 * spec leaves the encoding open. The {@code svix-*} headers are accepted as aliases.
 */
public final class StandardWebhooksVerifier implements Verifier {

	private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private final HmacKeys hmacKeys;

	private final List<PublicKey> publicKeys = new ArrayList<>();

	private final Duration tolerance;

	public StandardWebhooksVerifier(String source, List<String> secrets, Duration tolerance) {
		this.tolerance = tolerance;
		List<byte[]> keys = new ArrayList<>();
		for (String secret : secrets) {
			String trimmed = secret.trim();
			if (trimmed.startsWith("v1,") || trimmed.startsWith("v1a,")) {
				throw new IllegalArgumentException("source '" + source + "': the secret looks like a signature ("
						+ trimmed.substring(0, trimmed.indexOf(',') + 1) + "…); configure the whsec_ or whpk_ secret itself");
			}
			if (trimmed.startsWith("whpk_")) {
				this.publicKeys.add(publicKey(source, trimmed.substring(5)));
			}
			else {
				byte[] key = Signatures.base64(trimmed.startsWith("whsec_") ? trimmed.substring(6) : trimmed);
				if (key == null || key.length == 0) {
					throw new IllegalArgumentException("source '" + source + "': a Standard Webhooks secret must be"
							+ " whsec_ followed by base64");
				}
				keys.add(key);
			}
		}
		this.hmacKeys = new HmacKeys(keys);
	}

	@Override
	public void verify(Delivery delivery, Instant now) {
		String id = header(delivery, "webhook-id", "svix-id");
		String timestamp = header(delivery, "webhook-timestamp", "svix-timestamp");
		String signatures = header(delivery, "webhook-signature", "svix-signature");
		long seconds = Timestamps.parse("webhook-timestamp", timestamp);
		byte[] prefix = Signatures.utf8(id + "." + timestamp + ".");
		if (!anyMatches(signatures, prefix, delivery.body())) {
			throw IngestionException.invalidSignature("no signature in webhook-signature matches");
		}
		Timestamps.check("webhook-timestamp", seconds, now, this.tolerance);
	}

	private boolean anyMatches(String header, byte[] prefix, byte[] body) {
		for (String candidate : header.trim().split(" +")) {
			int comma = candidate.indexOf(',');
			if (comma < 0) {
				continue;
			}
			String version = candidate.substring(0, comma);
			byte[] signature = Signatures.base64(candidate.substring(comma + 1));
			if ("v1".equals(version) && this.hmacKeys.matches(signature, prefix, body)) {
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

}
