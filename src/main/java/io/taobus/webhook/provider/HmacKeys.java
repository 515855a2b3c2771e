package io.taobus.webhook.provider;

import java.util.Collection;
import java.util.List;

import javax.crypto.Mac;

import org.jspecify.annotations.Nullable;

/**
 * The HMAC-SHA256 keys of one source, each initialized once at startup: a delivery clones the
 * prepared {@link Mac} instead of looking up a provider and initializing a key per request. Every
 * scheme checks its signatures here, over the signed parts without copying them together, in constant
 * time per comparison; with several keys (rotation) any one may match.
 */
final class HmacKeys {

	private final List<Mac> prototypes;

	HmacKeys(Collection<byte[]> keys) {
		this.prototypes = keys.stream().map(Signatures::mac).toList();
	}

	/** Keys given as UTF-8 strings, as GitHub, Stripe, Slack and Shopify use them. */
	static HmacKeys utf8(List<String> secrets) {
		return new HmacKeys(secrets.stream().map(Signatures::utf8).toList());
	}

	/** Whether the MAC of the parts under any key equals the presented signature. */
	boolean matches(byte @Nullable [] presented, byte[]... parts) {
		return anyMatches(java.util.Collections.singletonList(presented), parts);
	}

	/** Whether the MAC of the parts under any key equals any of the presented signatures. */
	boolean anyMatches(List<byte @Nullable []> presented, byte[]... parts) {
		boolean matched = false;
		for (Mac prototype : this.prototypes) {
			byte[] expected = Signatures.compute(Signatures.copy(prototype), parts);
			for (byte[] signature : presented) {
				matched |= Signatures.matches(expected, signature);
			}
		}
		return matched;
	}

}
