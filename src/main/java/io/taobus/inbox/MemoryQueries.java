package io.taobus.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The scans of the {@link MemoryInbox}: the operator's list and bulk replay, retention, the
 * backlog and the tallies of calls retrying and dead. Each walks the rows in id order without a lock of its own, taking each row's monitor
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
						&& (query.since() == null || !row.receivedAt().isBefore(query.since()))
						&& (query.handler() == null && query.errorClass() == null
								|| row.failing(query.handler(), query.errorClass()))) {
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
				if (replayable(row, filter)) {
					row.markReplay(leaseNow, filter.scope());
					count++;
				}
			}
		}
		return count;
	}

	static int replayCount(NavigableMap<Long, MemoryRow> byId, ReplayFilter filter) {
		int count = 0;
		for (MemoryRow row : byId.values()) {
			synchronized (row) {
				if (replayable(row, filter)) {
					count++;
				}
			}
		}
		return count;
	}

	/** The rule of {@link DeliveryFilters#replay}; called under the row's monitor. */
	private static boolean replayable(MemoryRow row, ReplayFilter filter) {
		if (row.status == DeliveryStatus.PENDING || row.body == null
				|| (filter.source() != null && !filter.source().equals(row.source()))
				|| (filter.status() != null && filter.status() != row.status)
				|| (filter.from() != null && row.receivedAt().isBefore(filter.from()))
				|| (filter.to() != null && !row.receivedAt().isBefore(filter.to()))) {
			return false;
		}
		if (filter.callFilter()) {
			return row.failing(filter.handler(), filter.errorClass());
		}
		return filter.status() != null || row.status == DeliveryStatus.FAILED || row.status == DeliveryStatus.DEAD
				|| row.failing(null, null);
	}

	/**
	 * The rule of {@code CallRows.figures}: per handler and kind, by name then kind; its retrying and dead
	 * are {@link #callTallies}'.
	 */
	static List<HandlerFigures> handlerFigures(NavigableMap<Long, MemoryRow> byId) {
		Map<List<String>, Figures> groups = new java.util.TreeMap<>(
				java.util.Comparator.<List<String>, String>comparing((key) -> key.get(0)).thenComparing((key) -> key.get(1)));
		for (MemoryRow row : byId.values()) {
			synchronized (row) {
				for (MemoryRow.Call call : row.calls) {
					CallRecord record = call.record;
					groups.computeIfAbsent(List.of(record.handler(), record.kind()), (key) -> new Figures()).add(call);
				}
			}
		}
		return groups.entrySet().stream().limit(HandlerFigures.MAX_HANDLERS)
			.map((group) -> group.getValue().of(group.getKey().get(0), group.getKey().get(1)))
			.toList();
	}

	/** One handler's running figures. */
	private static final class Figures {

		long calls;

		long failed;

		MemoryRow.@Nullable Call lastFailure;

		void add(MemoryRow.Call call) {
			this.calls++;
			switch (call.record.status()) {
				case FAILED -> this.failed++;
				case COMPLETED -> {
					return;
				}
				// retrying and dead are judged by a call's last record: callTallies
				case RETRYING, DEAD -> {
				}
			}
			if (this.lastFailure == null || call.id > this.lastFailure.id) {
				this.lastFailure = call;
			}
		}

		HandlerFigures of(String handler, String kind) {
			CallRecord last = (this.lastFailure != null) ? this.lastFailure.record : null;
			return new HandlerFigures(handler, kind, this.calls, this.failed, 0, 0,
					(last != null) ? new HandlerFigures.LastFailure(last.startedAt(), last.errorClass(), last.fingerprint())
							: null);
		}

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
				// the rules of Retention: NO_RETRY_PENDING, DEAD_CALL
				boolean retryPending = row.retryPending();
				boolean deadCall = row.deadCall();
				if (row.status == DeliveryStatus.COMPLETED && row.body != null && row.completedAt != null
						&& row.completedAt.isBefore(bodyCutoff) && !retryPending && !deadCall) {
					row.dropBody();
					bodies++;
				}
				boolean completedPast = row.status == DeliveryStatus.COMPLETED && row.receivedAt().isBefore(dedupeCutoff)
						&& !retryPending;
				if ((completedPast && (!deadCall || row.receivedAt().isBefore(failedCutoff)))
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

	/** As {@link CallRows#tallies}: each call by its last record, per handler and kind. */
	static List<CallTally> callTallies(NavigableMap<Long, MemoryRow> byId) {
		Map<List<String>, long[]> counts = new TreeMap<>(Comparator.comparing((List<String> key) -> key.get(0))
			.thenComparing((key) -> key.get(1)));
		for (MemoryRow row : byId.values()) {
			synchronized (row) {
				Map<String, CallRecord> last = new HashMap<>();
				row.calls.forEach((call) -> last.put(call.record.callId(), call.record));
				for (CallRecord record : last.values()) {
					if (record.status() == CallStatus.RETRYING || record.status() == CallStatus.DEAD) {
						long[] count = counts.computeIfAbsent(List.of(record.handler(), record.kind()), (key) -> new long[2]);
						count[(record.status() == CallStatus.RETRYING) ? 0 : 1]++;
					}
				}
			}
		}
		List<CallTally> tallies = new ArrayList<>();
		counts.forEach((key, count) -> tallies.add(new CallTally(key.get(0), key.get(1), count[0], count[1])));
		return tallies;
	}

}
