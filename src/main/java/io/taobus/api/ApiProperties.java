package io.taobus.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API's bearer tokens ({@code taobus.api.*}): one token valid for every scope, and tokens per
 * scope; each list may hold several tokens at once, for rotation.
 *
 * @param token a token valid for every scope ({@code TAOBUS_API_TOKEN})
 * @param tokens tokens per scope ({@code TAOBUS_API_TOKENS_WRITE}, {@code …_READ}, {@code …_ADMIN})
 */
@ConfigurationProperties("taobus.api")
public record ApiProperties(@Nullable String token, @DefaultValue Tokens tokens) {

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
