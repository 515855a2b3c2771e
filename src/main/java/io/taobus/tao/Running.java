package io.taobus.tao;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The kernel's threads that are running a cascade or an async call, so that a close that gives up
 * waiting can interrupt them: past the close timeout, cooperating handlers stop rather than run on
 * unseen. Each thread enters once when it starts its work and leaves, with the entry it got, when it
 * ends.
 *
 * <p>Every cascade enters twice or more, and only a close that times out reads the set, so entering
 * and leaving must be cheap: entries form lock-free stacks (entering pushes one, leaving clears its
 * thread) instead of a {@code ConcurrentHashMap}, whose add and remove (a bin lock and a size count
 * each) took 11 % of the samples of a JFR profile of {@code CascadeBenchmark}. There are
 * {@value #STRIPES} stacks, each on a cache line of its own, and a thread pushes on the one its id
 * picks: with a single top, every push of one carrier made the other carrier's next push miss its
 * cache. Cleared entries are unlinked by a sweep that every {@value #SWEEP_EVERY}-th push on a stack
 * runs, one sweep at a time per stack; only the sweep rewrites links, and an unlinked entry keeps its
 * own, so a concurrent {@link #interruptAll} never loses the entries after it.
 */
final class Running {

	static final int SWEEP_EVERY = 256;

	/** How many stacks; a power of two. */
	static final int STRIPES = 8;

	/** Array slots between two stacks' tops or sweep flags: 64 bytes even with uncompressed references. */
	private static final int SPACING = 16;

	/** One thread's stay; its thread is cleared when it leaves. */
	static final class Entry {

		private volatile @Nullable Thread thread;

		private volatile @Nullable Entry next;

		/** How many entries were pushed on its stack before this one: every {@value #SWEEP_EVERY}-th push sweeps. */
		private final long pushed;

		private Entry(Thread thread, @Nullable Entry next) {
			this.thread = thread;
			this.next = next;
			this.pushed = (next != null) ? next.pushed + 1 : 0;
		}

	}

	private final AtomicReferenceArray<@Nullable Entry> heads = new AtomicReferenceArray<>(STRIPES * SPACING);

	private final AtomicIntegerArray sweeping = new AtomicIntegerArray(STRIPES * SPACING);

	Entry enter() {
		Thread current = Thread.currentThread();
		// a thread's id picks its stack: ids are handed out in sequence, so threads spread evenly; the
		// sweep is counted per stack, by the stack itself, so no pattern of ids can starve it
		int slot = (int) (current.threadId() & (STRIPES - 1)) * SPACING;
		Entry entry;
		Entry top;
		do {
			top = this.heads.get(slot);
			entry = new Entry(current, top);
		}
		while (!this.heads.compareAndSet(slot, top, entry));
		if (entry.pushed % SWEEP_EVERY == 0) {
			sweep(slot);
		}
		return entry;
	}

	void leave(Entry entry) {
		entry.thread = null;
	}

	/** Interrupts every thread still running; returns how many. */
	int interruptAll() {
		int count = 0;
		for (int slot = 0; slot < STRIPES * SPACING; slot += SPACING) {
			for (Entry entry = this.heads.get(slot); entry != null; entry = entry.next) {
				Thread thread = entry.thread;
				if (thread != null) {
					thread.interrupt();
					count++;
				}
			}
		}
		return count;
	}

	/** The threads still running (for tests). */
	int size() {
		int count = 0;
		for (int slot = 0; slot < STRIPES * SPACING; slot += SPACING) {
			for (Entry entry = this.heads.get(slot); entry != null; entry = entry.next) {
				if (entry.thread != null) {
					count++;
				}
			}
		}
		return count;
	}

	/** The entries linked, cleared ones included (for tests). */
	int linked() {
		int count = 0;
		for (int slot = 0; slot < STRIPES * SPACING; slot += SPACING) {
			for (Entry entry = this.heads.get(slot); entry != null; entry = entry.next) {
				count++;
			}
		}
		return count;
	}

	/** Sweeps every stack (for tests). */
	void sweep() {
		for (int slot = 0; slot < STRIPES * SPACING; slot += SPACING) {
			sweep(slot);
		}
	}

	/**
	 * Unlinks the cleared entries below a stack's current top. The top itself stays (pushes race on
	 * it), and so does the last entry's link: pushes only ever add above the top, so below it this sweep
	 * is the only writer of links.
	 */
	private void sweep(int slot) {
		if (!this.sweeping.compareAndSet(slot, 0, 1)) {
			return;
		}
		try {
			Entry kept = this.heads.get(slot);
			if (kept == null) {
				return;
			}
			for (Entry entry = kept.next; entry != null; entry = entry.next) {
				if (entry.thread != null) {
					if (kept.next != entry) {
						kept.next = entry;
					}
					kept = entry;
				}
			}
			if (kept.next != null) {
				kept.next = null;
			}
		}
		finally {
			this.sweeping.set(slot, 0);
		}
	}

}
