package io.taobus.inbox;

/**
 * What one {@link Inbox#purge()} removed.
 *
 * @param bodies bodies of completed rows emptied (past {@code retention})
 * @param rows rows deleted (completed past {@code dedupe-window}, failed and dead past
 * {@code failed-retention})
 * @param more whether the round ended at its time budget with expired rows left, for a next round at once
 */
public record Purged(int bodies, int rows, boolean more) {

	/** A round that left nothing expired behind. */
	public Purged(int bodies, int rows) {
		this(bodies, rows, false);
	}

}
