package io.taobus.ingestion;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The settings both ingestion endpoints share: the largest body read, under its historical name
 * {@code taobus.webhooks.max-body-size} (the sources bind beside it, in {@code WebhookProperties}). Unset,
 * {@code /tao/appcons} reads up to 1 MB and each webhook source up to
 * what its provider's senders send ({@code WebhookProvider.maxBodySize()}: GitHub 25 MB); set, it is the
 * limit of every source that sets none of its own.
 *
 * @param maxBodySize the largest body accepted, or {@code null} for the defaults; larger ones get 413
 */
@ConfigurationProperties("taobus.webhooks")
public record IngestionProperties(@Nullable DataSize maxBodySize) {

	/** The property. */
	public static final String MAX_BODY_SIZE = "taobus.webhooks.max-body-size";

	/** The limit of a body when nothing sets another. */
	public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(1);

	public IngestionProperties {
		if (maxBodySize != null) {
			BodyLimit.of(maxBodySize, MAX_BODY_SIZE);
		}
	}

	/** The limit of {@code /tao/appcons}: the configured one, else {@link #DEFAULT_MAX_BODY_SIZE}. */
	public BodyLimit bodyLimit() {
		return BodyLimit.of((this.maxBodySize != null) ? this.maxBodySize : DEFAULT_MAX_BODY_SIZE, MAX_BODY_SIZE);
	}

}
