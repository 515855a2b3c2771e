package io.taobus.inbox;

/**
 * Cumulative counts of one {@link Inbox} since it started, for tests and for gauges.
 *
 * @param batches group-commit windows committed
 * @param admitted deliveries admitted by those windows (accepted, rerun or duplicate)
 * @param failedBatches windows that failed (their deliveries refused)
 * @param rejected deliveries refused because the writer's queue was full
 * @param recovered rows claimed again after their lease expired
 * @param replayed replayed rows claimed for their run
 * @param dead rows that became {@code dead}
 * @param fenced completions ignored as stale
 * @param completions completions applied
 */
public record InboxCounters(long batches, long admitted, long failedBatches, long rejected, long recovered,
		long replayed, long dead, long fenced, long completions) {
}
