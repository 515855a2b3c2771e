package io.taobus.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.taobus.inbox.InboxMigrations;
import io.taobus.inbox.InboxSettings;
import io.taobus.tao.AsyncRetries;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the durable inbox ({@code taobus.inbox.*}); see {@link InboxSettings} for what each
 * does. The database is PostgreSQL when {@code spring.datasource.url} names one, else the embedded H2
 * file under {@code directory}.
 *
 * @param type {@code jdbc} (durable, the default) or {@code memory} (lossy: tests and benchmarks)
 * @param directory where the embedded database lives ({@code data}; {@code /data} in the image)
 * @param nodeId the prefix of this node's name in the store (the host name when empty), cut to 60
 *     characters; a random suffix is always added, once per process, so that a restarted process never
 *     renews its predecessor's rows; {@link #nodeId()} returns the whole name
 * @param leaseDuration how long a node's claim lasts without renewal
 * @param maxAttempts dispatches before a delivery is dead
 * @param retention how long a completed delivery keeps its body
 * @param dedupeWindow how long a completed delivery is remembered for duplicates
 * @param failedRetention how long failed and dead deliveries are kept
 * @param batchSize the most deliveries committed together
 * @param batchWindow how long a commit waits for more deliveries after the first (0: none; a window is
 *     what queued while the previous commit ran)
 * @param queueCapacity deliveries waiting for the writer before new ones get 503
 * @param retryAfter the {@code Retry-After} of a 503 from the inbox
 * @param connectionTimeout how long the embedded database's pool waits for a connection
 * @param claimInterval how often expired leases are looked for
 * @param purgeInterval how often retention runs
 * @param memoryMaxEntries the most rows a {@code memory} inbox keeps (100,000): the oldest completed ones
 *     are evicted first, then failed and dead ones; with only pending rows left, deliveries get 503
 * @param initializeSchema whether the inbox migrates its tables itself at startup (false: the
 *     application applies the inbox's scripts, {@code io/taobus/inbox/db/{vendor}}, with its own tools)
 * @param schemaHistoryTable the table in which the inbox records its migrations, apart from the
 *     application's own ({@code taobus_schema_history}; the service keeps {@code flyway_schema_history})
 * @param retries how many times a delivery whose cascade failed (an inline or intercept handler threw) is
 *     retried on its own before it is dead (7; 0: never, it stays failed until a replay or a resend)
 * @param retryBackoff the delay before the first of those retries (30s), doubled for each next one, give or
 *     take a fifth: 30 s, 1, 2, 4, 8, 16 and 32 min by default, eight runs over about an hour
 */
@ConfigurationProperties("taobus.inbox")
public record InboxProperties(@DefaultValue("jdbc") Type type, @DefaultValue("data") Path directory,
		@Nullable String nodeId, @DefaultValue("30s") Duration leaseDuration, @DefaultValue("5") int maxAttempts,
		@DefaultValue("7d") Duration retention, @DefaultValue("7d") Duration dedupeWindow,
		@DefaultValue("30d") Duration failedRetention, @DefaultValue("64") int batchSize,
		@DefaultValue("0ms") Duration batchWindow, @DefaultValue("10000") int queueCapacity,
		@DefaultValue("5s") Duration retryAfter, @DefaultValue("2s") Duration connectionTimeout,
		@DefaultValue("1s") Duration claimInterval, @DefaultValue("1m") Duration purgeInterval,
		@DefaultValue("100000") int memoryMaxEntries, @DefaultValue("true") boolean initializeSchema,
		@DefaultValue(InboxMigrations.HISTORY_TABLE) String schemaHistoryTable, @DefaultValue("7") int retries,
		@DefaultValue("30s") Duration retryBackoff) {

	public InboxProperties {
		if (connectionTimeout.toMillis() < 250 || claimInterval.isNegative() || claimInterval.isZero()
				|| purgeInterval.isNegative() || purgeInterval.isZero() || memoryMaxEntries < 1) {
			throw new IllegalArgumentException("taobus.inbox: connection-timeout must be at least 250ms, "
					+ "claim-interval, purge-interval and memory-max-entries positive");
		}
		if (retries < 0 || retryBackoff.isNegative() || retryBackoff.isZero()) {
			throw new IllegalArgumentException("taobus.inbox: retries must not be negative and retry-backoff must be "
					+ "positive, were " + retries + " and " + retryBackoff);
		}
		nodeId = InboxSettings.uniqueNodeId(nodeId);
		settings(nodeId, leaseDuration, maxAttempts, retention, dedupeWindow, failedRetention, batchSize, batchWindow,
				queueCapacity, retryAfter);
	}

	/** The inbox's own settings. */
	public InboxSettings settings() {
		return settings(java.util.Objects.requireNonNull(this.nodeId), this.leaseDuration, this.maxAttempts, this.retention, this.dedupeWindow,
				this.failedRetention, this.batchSize, this.batchWindow, this.queueCapacity, this.retryAfter)
			.withRetries(new AsyncRetries(this.retries, this.retryBackoff));
	}

	private static InboxSettings settings(String nodeId, Duration leaseDuration, int maxAttempts,
			Duration retention, Duration dedupeWindow, Duration failedRetention, int batchSize, Duration batchWindow,
			int queueCapacity, Duration retryAfter) {
		try {
			return new InboxSettings(nodeId, leaseDuration, maxAttempts, retention, dedupeWindow, failedRetention, batchSize,
					batchWindow, queueCapacity, retryAfter);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("taobus.inbox: " + ex.getMessage(), ex);
		}
	}

	/** Where deliveries are kept. */
	public enum Type {

		/** In a database: the embedded H2 file, or PostgreSQL. */
		JDBC,

		/** In this process's memory: lost on restart, not shared; for tests and benchmarks. */
		MEMORY

	}

}
