package io.taobus.api;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API's settings ({@code taobus.api.*}): its bearer tokens, one token valid for every scope and
 * tokens per scope, each list holding several tokens at once for rotation; and how long
 * {@code POST /tao/context} waits for a response.
 *
 * @param token a token valid for every scope ({@code TAOBUS_API_TOKEN})
 * @param tokens tokens per scope ({@code TAOBUS_API_TOKENS_WRITE}, {@code …_READ}, {@code …_ADMIN})
 * @param responseTimeout how long a request waits for its response by default (3 s, as tao.js's koa
 * middleware); past it a 504, or a 202 for a caller that prefers {@code respond-async}
 * @param maxResponseTimeout the longest a caller may ask to wait ({@code Prefer: wait=N}); a longer wait
 * is cut to it
 */
@ConfigurationProperties("taobus.api")
public record ApiProperties(@Nullable String token, @DefaultValue Tokens tokens,
		@DefaultValue("3s") Duration responseTimeout, @DefaultValue("30s") Duration maxResponseTimeout) {

	public ApiProperties {
		if (responseTimeout.isNegative() || responseTimeout.isZero()) {
			throw new IllegalArgumentException("taobus.api.response-timeout must be positive, was " + responseTimeout);
		}
		if (maxResponseTimeout.compareTo(responseTimeout) < 0) {
			throw new IllegalArgumentException("taobus.api.max-response-timeout (" + maxResponseTimeout
					+ ") must not be shorter than taobus.api.response-timeout (" + responseTimeout + ")");
		}
	}

	/**
	 * Tokens per scope.
	 * @param write tokens that may set AppCons ({@code POST /tao/appcons})
	 * @param read tokens that may read what passed ({@code /tao/stream}, {@code GET /tao/deliveries…})
	 * @param admin tokens that may act on deliveries (replay)
	 */
	public record Tokens(@DefaultValue List<String> write, @DefaultValue List<String> read,
			@DefaultValue List<String> admin) {

		public Tokens {
			write = List.copyOf(write);
			read = List.copyOf(read);
			admin = List.copyOf(admin);
		}

	}

}
