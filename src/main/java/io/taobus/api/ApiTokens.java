package io.taobus.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;

/**
 * The bearer tokens of the API and what each may do. A token is valid for a {@link Scope} when it is
 * configured for that scope or as {@code taobus.api.token} (every scope). A scope with no token
 * refuses every request: there is never an unauthenticated path. Tokens are compared through their
 * SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken tells nothing of a token,
 * not even its length.
 */
public final class ApiTokens {

	/** What a token may do. */
	public enum Scope {

		/** Set AppCons: {@code POST /tao/appcons}. */
		WRITE,
		/** Read what passed: {@code GET /tao/stream}, {@code GET /tao/deliveries…}, {@code GET /tao/handlers}. */
		READ,
		/** Act on deliveries: replay. */
		ADMIN;

		/** The scope's name in configuration: {@code write}, {@code read}, {@code admin}. */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** The {@code WWW-Authenticate} challenge of a 401. */
	public static final String CHALLENGE = "Bearer realm=\"taobus\"";

	private final Map<Scope, List<byte[]>> digests = new EnumMap<>(Scope.class);

	/**
	 * @param all tokens valid for every scope
	 * @param byScope tokens valid for one scope
	 */
	ApiTokens(List<String> all, Map<Scope, List<String>> byScope) {
		for (Scope scope : Scope.values()) {
			List<byte[]> tokens = new ArrayList<>();
			all.stream().filter((t) -> !t.isBlank()).forEach((t) -> tokens.add(digest(t.trim())));
			byScope.getOrDefault(scope, List.of()).stream().filter((t) -> !t.isBlank())
				.forEach((t) -> tokens.add(digest(t.trim())));
			this.digests.put(scope, List.copyOf(tokens));
		}
	}

	/** Whether any token is configured for a scope (else every request in it is refused). */
	public boolean configured(Scope scope) {
		return !this.digests.get(scope).isEmpty();
	}

	/** Whether an {@code Authorization} header value carries a token valid for a scope. */
	public boolean accepts(Scope scope, @Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		byte[] presented = digest(authorization.substring(7).trim());
		boolean matched = false;
		for (byte[] token : this.digests.get(scope)) {
			matched |= MessageDigest.isEqual(token, presented);
		}
		return matched;
	}

	/**
	 * Checks a request's {@code Authorization} header for a scope.
	 * @throws ResponseStatusException 401 with a {@code WWW-Authenticate: Bearer} challenge and problem
	 * details whose {@code outcome} is {@code unauthorized}
	 */
	public void check(Scope scope, @Nullable String authorization) {
		if (!accepts(scope, authorization)) {
			throw unauthorized(scope);
		}
	}

	/** The 401 of a request without a token valid for a scope. */
	public ResponseStatusException unauthorized(Scope scope) {
		ResponseStatusException ex = new ResponseStatusException(HttpStatus.UNAUTHORIZED, detail(scope)) {

			private static final long serialVersionUID = 1L;

			@Override
			public HttpHeaders getHeaders() {
				HttpHeaders headers = new HttpHeaders();
				headers.set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
				return headers;
			}

		};
		ProblemDetail body = ex.getBody();
		body.setProperty("outcome", "unauthorized");
		return ex;
	}

	/** What a 401 says: the scope it needed, and whether the scope has a token at all. */
	public String detail(Scope scope) {
		return configured(scope) ? "a valid Authorization: Bearer token with the " + scope.key() + " scope is required"
				: "no token is configured for the " + scope.key() + " scope (taobus.api.tokens." + scope.key()
						+ " or taobus.api.token): this endpoint refuses every request";
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
