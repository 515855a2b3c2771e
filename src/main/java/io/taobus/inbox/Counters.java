package io.taobus.inbox;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The cumulative counts behind {@link Inbox#counters()}, shared by both implementations. */
final class Counters {

	private final LongAdder batches = new LongAdder();

	private final LongAdder admitted = new LongAdder();

	private final LongAdder failedBatches = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder recovered = new LongAdder();

	private final LongAdder replayed = new LongAdder();

	private final LongAdder dead = new LongAdder();

	private final LongAdder fenced = new LongAdder();

	private final LongAdder completions = new LongAdder();

	void batch(int rows) {
		this.batches.increment();
		this.admitted.add(rows);
	}

	void failedBatch() {
		this.failedBatches.increment();
	}

	void rejected() {
		this.rejected.increment();
	}

	void claimed(List<ClaimedDelivery> claimed, int dead) {
		long replays = claimed.stream().filter(ClaimedDelivery::replay).count();
		this.replayed.add(replays);
		this.recovered.add(claimed.size() - replays);
		this.dead.add(dead);
	}

	void fenced() {
		this.fenced.increment();
	}

	void fenced(int count) {
		this.fenced.add(count);
	}

	void completed() {
		this.completions.increment();
	}

	void completed(int count) {
		this.completions.add(count);
	}

	InboxCounters snapshot() {
		return new InboxCounters(this.batches.sum(), this.admitted.sum(), this.failedBatches.sum(), this.rejected.sum(),
				this.recovered.sum(), this.replayed.sum(), this.dead.sum(), this.fenced.sum(), this.completions.sum());
	}

}
