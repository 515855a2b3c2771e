package io.taobus.webhook.provider;

import java.time.Instant;
import java.util.List;

import io.taobus.ingestion.IngestionException;
import org.jspecify.annotations.Nullable;

/**
 * The CloudEvents web-hook authorization: an OAuth2-style bearer token in {@code Authorization}, or in
 * the {@code access_token} query parameter only where the source opts in ({@code access-token-query}):
 * a query string lands in proxy and access logs. Compared in constant time with the configured tokens.
 */
public final class BearerVerifier implements Verifier {

	private final List<String> tokens;

	private final boolean queryAllowed;

	public BearerVerifier(List<String> tokens, boolean queryAllowed) {
		this.tokens = List.copyOf(tokens);
		this.queryAllowed = queryAllowed;
	}

	@Override
	public void verify(Delivery delivery, Instant now) {
		String presented = presented(delivery);
		if (presented == null) {
			throw IngestionException.invalidSignature(this.queryAllowed
					? "missing bearer token (Authorization header or access_token)" : "missing Authorization: Bearer token");
		}
		boolean matched = false;
		for (String token : this.tokens) {
			matched |= Signatures.sameSecret(token, presented);
		}
		if (!matched) {
			throw IngestionException.invalidSignature("the bearer token is not valid");
		}
	}

	private @Nullable String presented(Delivery delivery) {
		String authorization = delivery.single("Authorization");
		if (authorization != null) {
			return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
		}
		List<String> query = delivery.query().get("access_token");
		return (this.queryAllowed && query != null && query.size() == 1) ? query.get(0) : null;
	}

}
