package io.taobus.handler;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where taobus looks for handler beans besides its own {@code io.taobus} package
 * ({@code taobus.handlers.packages}): the user's packages, in the application's jar or in a jar of
 * the extensions directory ({@code loader.path}, {@code /extensions} in the image). Each is
 * component-scanned with its subpackages.
 *
 * @param packages the packages to scan, for example {@code com.acme}
 */
@ConfigurationProperties("taobus.handlers")
record HandlerProperties(List<String> packages) {

	HandlerProperties {
		packages = (packages != null) ? packages.stream().map(String::strip).filter((p) -> !p.isEmpty()).toList()
				: List.of();
	}

}
