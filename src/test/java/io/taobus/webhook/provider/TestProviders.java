package io.taobus.webhook.provider;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The providers as the application finds them, for tests without an application context: the
 * {@link WebhookProvider} components of the package, scanned the way the application's component scan
 * finds them, in their order.
 */
public final class TestProviders {

	private static @Nullable Providers all;

	private TestProviders() {
	}

	/** Every provider, scanned once. */
	public static synchronized Providers all() {
		if (all == null) {
			try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
					WebhookProvider.class.getPackageName())) {
				all = new Providers(context.getBeanProvider(WebhookProvider.class).orderedStream().toList());
			}
		}
		return all;
	}

	/** The provider of a type. */
	public static WebhookProvider of(String type) {
		return all().of("test", type);
	}

	/** A source's settings with secrets and otherwise the defaults, and a tolerance of five minutes. */
	static SourceSettings settings(String... secrets) {
		return new SourceSettings("test", List.of(secrets), Duration.ofMinutes(5), null, "hex", "", false);
	}

}
