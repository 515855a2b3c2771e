package io.taobus.inbox;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;

/**
 * Bounds the {@link MemoryInbox}: at most {@code maxEntries} rows (up to the accepts running at the
 * same moment). Rows are queued in the order they settle; to make room, the oldest completed row is
 * evicted first, then the oldest failed or dead one. A queued row that is pending again (replayed or
 * rerun) is skipped, and queued again when it settles.
 */
final class MemoryEviction {

	private final int maxEntries;

	private final Map<DeliveryKey, MemoryRow> rows;

	private final Map<Long, MemoryRow> byId;

	private final Queue<MemoryRow> completed = new ConcurrentLinkedQueue<>();

	private final Queue<MemoryRow> failed = new ConcurrentLinkedQueue<>();

	MemoryEviction(int maxEntries, Map<DeliveryKey, MemoryRow> rows, Map<Long, MemoryRow> byId) {
		this.maxEntries = maxEntries;
		this.rows = rows;
		this.byId = byId;
	}

	int maxEntries() {
		return this.maxEntries;
	}

	/** Notes a row that settled (completed, failed or dead). */
	void settled(MemoryRow row) {
		(row.status == DeliveryStatus.COMPLETED ? this.completed : this.failed).add(row);
	}

	/** Evicts settled rows until one more fits; false when only pending rows are left. */
	boolean makeRoom() {
		while (this.rows.size() >= this.maxEntries) {
			if (!evictOne(this.completed, DeliveryStatus.COMPLETED) && !evictOne(this.failed, null)) {
				return false;
			}
		}
		return true;
	}

	private boolean evictOne(Queue<MemoryRow> queue, @Nullable DeliveryStatus status) {
		MemoryRow row;
		while ((row = queue.poll()) != null) {
			synchronized (row) {
				boolean settled = (status != null) ? row.status == status
						: (row.status == DeliveryStatus.FAILED || row.status == DeliveryStatus.DEAD);
				if (settled && this.byId.remove(row.id, row)) {
					this.rows.remove(row.key(), row);
					return true;
				}
			}
		}
		return false;
	}

}
