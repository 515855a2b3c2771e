package io.taobus.api;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.taobus.dev.DevProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link ApiTokens} from {@link ApiProperties}. Only the {@code dev} profile draws a token
 * when none is configured (logged once, the way Spring Security logs a generated password);
 * elsewhere a scope without a token refuses every request, and the startup log says which scopes
 * those are. A token published in this repository stops the startup outside {@code dev}.
 */
@Configuration(proxyBeanMethods = false)
class ApiTokensConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ApiTokensConfiguration.class);

	@Bean
	ApiTokens apiTokens(ApiProperties properties, Environment environment) {
		boolean dev = DevProfile.isActive(environment);
		List<String> all = new ArrayList<>();
		if (properties.token() != null && !properties.token().isBlank()) {
			all.add(properties.token());
		}
		Map<ApiTokens.Scope, List<String>> byScope = new EnumMap<>(ApiTokens.Scope.class);
		byScope.put(ApiTokens.Scope.WRITE, properties.tokens().write());
		byScope.put(ApiTokens.Scope.READ, properties.tokens().read());
		byScope.put(ApiTokens.Scope.ADMIN, properties.tokens().admin());
		List<String> every = Stream.concat(all.stream(), byScope.values().stream().flatMap(List::stream))
			.filter((t) -> !t.isBlank())
			.toList();
		if (!dev && every.stream().anyMatch((t) -> DevProfile.KNOWN_SECRETS.contains(t.trim()))) {
			throw new IllegalArgumentException("a taobus.api token is a development token that is public in the taobus"
					+ " repository; set TAOBUS_API_TOKEN or TAOBUS_API_TOKENS_<SCOPE> (or run with the dev profile)");
		}
		if (dev && every.isEmpty()) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			all.add(generated);
			logger.warn("\n\nUsing generated taobus API token (every scope): {}\n\nThis generated token is for the dev"
					+ " profile only. Set taobus.api.token or taobus.api.tokens.<scope> for anything else.\n", generated);
		}
		ApiTokens tokens = new ApiTokens(all, byScope);
		for (ApiTokens.Scope scope : ApiTokens.Scope.values()) {
			if (!tokens.configured(scope)) {
				logger.warn("No API token for the {} scope: {}", scope.key(), tokens.detail(scope));
			}
		}
		return tokens;
	}

}
