package io.taobus.ingestion;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The settings both ingestion endpoints share: the largest body read, under its historical name
 * {@code taobus.webhooks.max-body-size} (the sources bind beside it, in {@code WebhookProperties}).
 *
 * @param maxBodySize the largest body accepted; larger ones get 413
 */
@ConfigurationProperties("taobus.webhooks")
public record IngestionProperties(@DefaultValue("1MB") DataSize maxBodySize) {

	public IngestionProperties {
		if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("taobus.webhooks.max-body-size must be between 1B and 2GB, was " + maxBodySize);
		}
	}

}
