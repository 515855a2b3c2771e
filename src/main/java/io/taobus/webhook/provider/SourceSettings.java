package io.taobus.webhook.provider;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a provider may read of a configured source to build its verifier: the name (for messages), the
 * non-blank secrets (several while rotating), the timestamp tolerance, the generic HMAC's header,
 * encoding and prefix, and whether a bearer token may come in the query.
 *
 * @param name the source's name
 * @param secrets the configured secrets, none blank
 * @param tolerance how far a signed timestamp may be from now, both directions
 * @param header the signature header of {@code hmac-sha256}
 * @param encoding {@code hex} or {@code base64}, for {@code hmac-sha256}
 * @param prefix a prefix before the signature, for {@code hmac-sha256}
 * @param accessTokenQuery for CloudEvents: whether the token may come as {@code ?access_token=}
 */
public record SourceSettings(String name, List<String> secrets, Duration tolerance, @Nullable String header,
		String encoding, String prefix, boolean accessTokenQuery) {

	public SourceSettings {
		secrets = List.copyOf(secrets);
	}

}
