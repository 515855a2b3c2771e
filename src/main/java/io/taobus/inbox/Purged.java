package io.taobus.inbox;

/**
 * What one {@link Inbox#purge()} removed.
 *
 * @param bodies bodies of completed rows emptied (past {@code retention})
 * @param rows rows deleted (completed past {@code dedupe-window}, failed and dead past
 * {@code failed-retention})
 */
public record Purged(int bodies, int rows) {
}
