package io.taobus.webhook;

import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of the generic AppCon API and the live stream ({@code taobus.api.token}). When none
 * is configured, a random one is generated at startup and logged once, the way Spring Security logs a
 * generated password: there is never an unauthenticated write path.
 */
public final class ApiToken {

	private static final Logger logger = LoggerFactory.getLogger(ApiToken.class);

	private final String token;

	ApiToken(@Nullable String configured) {
		if (configured != null && !configured.isBlank()) {
			this.token = configured.trim();
		}
		else {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			logger.warn("\n\nUsing generated taobus API token: {}\n\nThis generated token is for development use only."
					+ " Set taobus.api.token for production.\n", this.token);
		}
	}

	/** Whether an {@code Authorization} header value carries this token (constant time). */
	public boolean accepts(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		return Signatures.sameSecret(this.token, authorization.substring(7).trim());
	}

	/** Throws the 401 of a request that does not carry this token. */
	void check(@Nullable String authorization) {
		if (!accepts(authorization)) {
			throw new IngestionException(org.springframework.http.HttpStatus.UNAUTHORIZED, IngestionOutcome.UNAUTHORIZED,
					"a valid Authorization: Bearer token is required");
		}
	}

}
