package io.taobus.inbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The {@link OutcomeWriter}s of a {@link JdbcInbox}, each on its own virtual thread and connection,
 * sharded by row id: the outcomes of one row (its completion, a release, a later attempt's) always go to
 * the same writer and are written in the order they were reported, while different rows' are written in
 * parallel. Their backlogs add up to the inbox's, against which it refuses new deliveries.
 */
final class OutcomeWriters {

	private final List<OutcomeWriter> writers;

	OutcomeWriters(int count, DataSource dataSource, SqlDialect dialect, Counters counters, InboxListener listener,
			HeldRefs held, InboxSettings settings, Clock clock) {
		List<OutcomeWriter> writers = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			writers.add(new OutcomeWriter(i, dataSource, dialect, counters, listener, held, settings, clock));
		}
		this.writers = List.copyOf(writers);
	}

	void add(DeliveryRef ref, @Nullable Completion completion, List<CallRecord> calls, byte @Nullable [] response) {
		shard(ref).add(ref, completion, calls, response);
	}

	/** The writer of a row. */
	OutcomeWriter shard(DeliveryRef ref) {
		return this.writers.get((int) Math.floorMod(ref.id(), (long) this.writers.size()));
	}

	/** Outcomes waiting to be written, in every writer. */
	int backlog() {
		int behind = 0;
		for (OutcomeWriter writer : this.writers) {
			behind += writer.backlog();
		}
		return behind;
	}

	/** Stops every writer at once, then waits for them within the one timeout. */
	void close(long timeoutMillis) {
		this.writers.forEach(OutcomeWriter::stop);
		long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
		for (OutcomeWriter writer : this.writers) {
			writer.close(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
		}
	}

}
