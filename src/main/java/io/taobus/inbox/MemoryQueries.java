package io.taobus.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import org.jspecify.annotations.Nullable;

/**
 * The scans of the {@link MemoryInbox}: the operator's list and bulk replay, retention and the
 * backlog. Each walks the rows in id order without a lock of its own, taking each row's monitor
 * briefly, so that none holds up {@link MemoryInbox#accept}.
 */
final class MemoryQueries {

	private MemoryQueries() {
	}

	static DeliveryPage list(NavigableMap<Long, MemoryRow> byId, DeliveryQuery query) {
		List<DeliveryRecord> fetched = new ArrayList<>();
		for (MemoryRow row : byId.headMap(query.beforeId(), false).descendingMap().values()) {
			if (fetched.size() > query.limit()) {
				break;
			}
			synchronized (row) {
				if ((query.source() == null || query.source().equals(row.source()))
						&& (query.status() == null || query.status() == row.status)
						&& (query.since() == null || !row.receivedAt().isBefore(query.since()))) {
					fetched.add(row.record(false));
				}
			}
		}
		return DeliveryPage.of(fetched, query.limit());
	}

	static int replay(NavigableMap<Long, MemoryRow> byId, ReplayFilter filter, Instant leaseNow) {
		int count = 0;
		for (MemoryRow row : byId.values()) {
			synchronized (row) {
				if (row.status != DeliveryStatus.PENDING && row.body != null
						&& (filter.source() == null || filter.source().equals(row.source()))
						&& (filter.status() == null || filter.status() == row.status)
						&& (filter.from() == null || !row.receivedAt().isBefore(filter.from()))
						&& (filter.to() == null || row.receivedAt().isBefore(filter.to()))) {
					row.markReplay(leaseNow, filter.scope());
					count++;
				}
			}
		}
		return count;
	}

	static Purged purge(NavigableMap<Long, MemoryRow> byId, Map<DeliveryKey, MemoryRow> rows, InboxSettings settings,
			Instant now) {
		Instant bodyCutoff = now.minus(settings.retention());
		Instant dedupeCutoff = now.minus(settings.dedupeWindow());
		Instant failedCutoff = now.minus(settings.failedRetention());
		int bodies = 0;
		int deleted = 0;
		for (MemoryRow row : byId.values()) {
			synchronized (row) {
				boolean retryPending = row.retryPending(); // the rule of Retention, NO_RETRY_PENDING
				if (row.status == DeliveryStatus.COMPLETED && row.body != null && row.completedAt != null
						&& row.completedAt.isBefore(bodyCutoff) && !retryPending) {
					row.dropBody();
					bodies++;
				}
				if ((row.status == DeliveryStatus.COMPLETED && row.receivedAt().isBefore(dedupeCutoff) && !retryPending)
						|| ((row.status == DeliveryStatus.FAILED || row.status == DeliveryStatus.DEAD)
								&& row.receivedAt().isBefore(failedCutoff))) {
					byId.remove(row.id);
					rows.remove(row.key(), row);
					deleted++;
				}
			}
		}
		return new Purged(bodies, deleted);
	}

	static Backlog backlog(NavigableMap<Long, MemoryRow> byId) {
		long pending = 0;
		@Nullable Instant oldest = null;
		for (MemoryRow row : byId.values()) {
			synchronized (row) {
				if (row.status == DeliveryStatus.PENDING) {
					pending++;
					if (oldest == null || row.receivedAt().isBefore(oldest)) {
						oldest = row.receivedAt();
					}
				}
			}
		}
		return new Backlog(pending, oldest);
	}

}
