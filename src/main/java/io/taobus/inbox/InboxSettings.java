package io.taobus.inbox;

import java.time.Duration;
import java.util.Objects;

import io.taobus.tao.AsyncRetries;
import org.jspecify.annotations.Nullable;

/**
 * The tunables of an inbox, framework-free; {@code InboxConfiguration} binds them from
 * {@code taobus.inbox.*}.
 *
 * @param nodeId this node's name in the {@code owner_node} column; unique per running process, at most
 *     {@value #MAX_NODE_ID} characters
 * @param leaseDuration how long a claim lasts without renewal ({@code lease-duration}, 30 s)
 * @param maxAttempts dispatches before a row is {@code dead} ({@code max-attempts}, 5)
 * @param retention how long a completed row keeps its body ({@code retention}, 7 d)
 * @param dedupeWindow how long a completed row is kept to answer duplicates ({@code dedupe-window}, 7 d)
 * @param failedRetention how long failed and dead rows are kept ({@code failed-retention}, 30 d)
 * @param batchSize the most rows of one group-commit window (64)
 * @param batchWindow how long a window waits for more rows after its first (0: a window is what queued
 *     while the previous one committed, so a lone delivery waits for nobody)
 * @param queueCapacity deliveries waiting for the writers before new ones are refused (10,000, shared
 *     out among the writers)
 * @param retryAfter what a refused delivery is told to wait (5 s)
 * @param retries how a delivery whose cascade failed (an inline or intercept handler threw) is retried on
 *     its own ({@link DeliveryRetryRule}): {@link #DEFAULT_RETRIES}; {@link AsyncRetries#retries()} 0 for
 *     none (a failed delivery then waits for a replay or a resend)
 */
public record InboxSettings(String nodeId, Duration leaseDuration, int maxAttempts, Duration retention,
		Duration dedupeWindow, Duration failedRetention, int batchSize, Duration batchWindow, int queueCapacity,
		Duration retryAfter, AsyncRetries retries) {

	/** The longest node id ({@code owner_node VARCHAR(100)}). */
	public static final int MAX_NODE_ID = 100;

	/**
	 * Eight runs of a failed delivery over about an hour, as webhook services retry theirs: the first
	 * retry 30 s after the failure, each next one twice as far (1, 2, 4, 8, 16, 32 min), give or take a fifth.
	 */
	public static final AsyncRetries DEFAULT_RETRIES = new AsyncRetries(7, Duration.ofSeconds(30));

	/** Settings with the {@link #DEFAULT_RETRIES} of failed deliveries. */
	public InboxSettings(String nodeId, Duration leaseDuration, int maxAttempts, Duration retention,
			Duration dedupeWindow, Duration failedRetention, int batchSize, Duration batchWindow, int queueCapacity,
			Duration retryAfter) {
		this(nodeId, leaseDuration, maxAttempts, retention, dedupeWindow, failedRetention, batchSize, batchWindow,
				queueCapacity, retryAfter, DEFAULT_RETRIES);
	}

	public InboxSettings {
		NewDelivery.requireText(nodeId, "nodeId");
		if (nodeId.length() > MAX_NODE_ID) {
			throw new IllegalArgumentException("nodeId must not be longer than " + MAX_NODE_ID + " characters");
		}
		positive(leaseDuration, "leaseDuration");
		positive(retention, "retention");
		positive(dedupeWindow, "dedupeWindow");
		positive(failedRetention, "failedRetention");
		Objects.requireNonNull(batchWindow, "batchWindow");
		positive(retryAfter, "retryAfter");
		Objects.requireNonNull(retries, "retries");
		if (maxAttempts < 1 || batchSize < 1 || queueCapacity < 1) {
			throw new IllegalArgumentException("maxAttempts, batchSize and queueCapacity must be positive");
		}
	}

	/** The defaults, with a node id unique to this process. */
	public static InboxSettings defaults() {
		return new InboxSettings(NodeIds.generate(), Duration.ofSeconds(30), 5, Duration.ofDays(7),
				Duration.ofDays(7), Duration.ofDays(30), 64, Duration.ZERO, 10_000, Duration.ofSeconds(5));
	}

	/**
	 * A node id unique to this process: the prefix (or the host name when blank), cut to 60 characters,
	 * plus a random suffix.
	 */
	public static String uniqueNodeId(@Nullable String prefix) {
		return (prefix == null || prefix.isBlank()) ? NodeIds.generate() : NodeIds.withPrefix(prefix.strip());
	}

	/** A copy with another lease duration. */
	public InboxSettings withLeaseDuration(Duration lease) {
		return new InboxSettings(this.nodeId, lease, this.maxAttempts, this.retention, this.dedupeWindow,
				this.failedRetention, this.batchSize, this.batchWindow, this.queueCapacity, this.retryAfter, this.retries);
	}

	/** A copy with another maximum of attempts. */
	public InboxSettings withMaxAttempts(int attempts) {
		return new InboxSettings(this.nodeId, this.leaseDuration, attempts, this.retention, this.dedupeWindow,
				this.failedRetention, this.batchSize, this.batchWindow, this.queueCapacity, this.retryAfter, this.retries);
	}

	/** A copy with another queue capacity. */
	public InboxSettings withQueueCapacity(int capacity) {
		return new InboxSettings(this.nodeId, this.leaseDuration, this.maxAttempts, this.retention, this.dedupeWindow,
				this.failedRetention, this.batchSize, this.batchWindow, capacity, this.retryAfter, this.retries);
	}

	/** A copy with another node id. */
	public InboxSettings withNodeId(String node) {
		return new InboxSettings(node, this.leaseDuration, this.maxAttempts, this.retention, this.dedupeWindow,
				this.failedRetention, this.batchSize, this.batchWindow, this.queueCapacity, this.retryAfter, this.retries);
	}

	/** A copy with other retries of failed deliveries. */
	public InboxSettings withRetries(AsyncRetries deliveryRetries) {
		return new InboxSettings(this.nodeId, this.leaseDuration, this.maxAttempts, this.retention, this.dedupeWindow,
				this.failedRetention, this.batchSize, this.batchWindow, this.queueCapacity, this.retryAfter, deliveryRetries);
	}

	/** How often the leases this node holds are renewed: a sixth of the lease. */
	public Duration renewInterval() {
		return this.leaseDuration.dividedBy(6);
	}

	private static void positive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

}
