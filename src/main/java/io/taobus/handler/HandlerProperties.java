package io.taobus.handler;

import java.time.Duration;
import java.util.List;

import io.taobus.tao.AsyncRetries;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where taobus looks for handler beans besides its own {@code io.taobus} package
 * ({@code taobus.handlers.packages}): the user's packages, in the application's jar or in a jar of
 * the extensions directory ({@code loader.path}, {@code /extensions} in the image). Each is
 * component-scanned with its subpackages.
 *
 * @param packages the packages to scan, for example {@code com.acme}
 * @param asyncRetries how many times a failed {@code @TaoAsync} call is retried when its annotation
 * does not say ({@code taobus.handlers.async-retries}, 4)
 * @param asyncBackoff the delay before its first retry, doubled for each next one, when its annotation
 * does not say ({@code taobus.handlers.async-backoff}, 4m)
 */
@ConfigurationProperties("taobus.handlers")
record HandlerProperties(List<String> packages, @Nullable Integer asyncRetries, @Nullable Duration asyncBackoff) {

	HandlerProperties {
		packages = (packages != null) ? packages.stream().map(String::strip).filter((p) -> !p.isEmpty()).toList()
				: List.of();
		retryDefaults(asyncRetries, asyncBackoff); // fails the binding, naming the property, when invalid
	}

	/** The retries of an async handler whose annotation does not give them. */
	AsyncRetries retryDefaults() {
		return retryDefaults(this.asyncRetries, this.asyncBackoff);
	}

	private static AsyncRetries retryDefaults(@Nullable Integer retries, @Nullable Duration backoff) {
		try {
			return new AsyncRetries((retries != null) ? retries : AsyncRetries.DEFAULT.retries(),
					(backoff != null) ? backoff : AsyncRetries.DEFAULT.backoff());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("taobus.handlers.async-retries must not be negative and "
					+ "taobus.handlers.async-backoff must be positive: " + ex.getMessage(), ex);
		}
	}

}
