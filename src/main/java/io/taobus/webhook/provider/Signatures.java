package io.taobus.webhook.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The cryptographic primitives every signature scheme shares: HMAC-SHA256 over raw bytes and
 * constant-time comparison. Encoded signatures are decoded to bytes before comparing, so an invalid
 * encoding is just a mismatch.
 */
final class Signatures {

	private Signatures() {
	}

	static byte[] hmacSha256(byte[] key, byte[]... parts) {
		return compute(mac(key), parts);
	}

	/** A {@link Mac} initialized with the key; see {@link HmacKeys} for the reuse. */
	static Mac mac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** A fresh copy of an initialized {@link Mac}, cheaper than looking one up and initializing it. */
	static Mac copy(Mac prototype) {
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("the HmacSHA256 provider cannot clone its Mac", ex);
		}
	}

	static byte[] compute(Mac mac, byte[]... parts) {
		for (byte[] part : parts) {
			mac.update(part);
		}
		return mac.doFinal();
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/** Constant-time equality of the expected MAC and a presented one ({@code null} never matches). */
	static boolean matches(byte[] expected, byte @Nullable [] presented) {
		return presented != null && presented.length > 0 && MessageDigest.isEqual(expected, presented);
	}

	static byte @Nullable [] hex(String value) {
		try {
			return HexFormat.of().parseHex(value.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static byte @Nullable [] base64(String value) {
		try {
			return Base64.getDecoder().decode(value.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Constant-time equality of two strings whatever their lengths, by comparing their digests. */
	static boolean sameSecret(String expected, @Nullable String presented) {
		if (presented == null) {
			return false;
		}
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			byte[] a = sha.digest(utf8(expected));
			byte[] b = sha.digest(utf8(presented));
			return MessageDigest.isEqual(a, b);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
