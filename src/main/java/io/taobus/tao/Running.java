package io.taobus.tao;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The kernel's threads that are running a cascade or an async call, so that a close that gives up
 * waiting can interrupt them: past the close timeout, cooperating handlers stop rather than run on
 * unseen. Each thread enters once when it starts its work and leaves, with the entry it got, when it
 * ends.
 *
 * <p>Every cascade enters twice or more, and only a close that times out reads the set, so entering
 * and leaving must be cheap: entries form a lock-free stack (entering pushes one, leaving clears its
 * thread) instead of a {@code ConcurrentHashMap}, whose add and remove (a bin lock and a size count
 * each) took 11 % of the samples of a JFR profile of {@code CascadeBenchmark}. Cleared entries are
 * unlinked by a sweep that every {@value #SWEEP_EVERY}-th push runs, one sweep at a time;
 * only the sweep rewrites links, and an unlinked entry keeps its own, so a concurrent
 * {@link #interruptAll} never loses the entries after it.
 */
final class Running {

	static final int SWEEP_EVERY = 256;

	/** One thread's stay; its thread is cleared when it leaves. */
	static final class Entry {

		private volatile @Nullable Thread thread;

		private volatile @Nullable Entry next;

		/** How many entries were pushed before this one: every {@value #SWEEP_EVERY}-th push sweeps. */
		private final long pushed;

		private Entry(Thread thread, @Nullable Entry next) {
			this.thread = thread;
			this.next = next;
			this.pushed = (next != null) ? next.pushed + 1 : 0;
		}

	}

	private final AtomicReference<@Nullable Entry> head = new AtomicReference<>();

	private final AtomicBoolean sweeping = new AtomicBoolean();

	Entry enter() {
		Thread current = Thread.currentThread();
		Entry entry;
		Entry top;
		do {
			top = this.head.get();
			entry = new Entry(current, top);
		}
		while (!this.head.compareAndSet(top, entry));
		// counted by the stack itself, not by thread id (ids are shared by every thread of the JVM, and a
		// regular pattern of them could starve the sweep), nor by a ThreadLocalRandom (which seeds itself
		// on each new virtual thread through a shared counter)
		if (entry.pushed % SWEEP_EVERY == 0) {
			sweep();
		}
		return entry;
	}

	void leave(Entry entry) {
		entry.thread = null;
	}

	/** Interrupts every thread still running; returns how many. */
	int interruptAll() {
		int count = 0;
		for (Entry entry = this.head.get(); entry != null; entry = entry.next) {
			Thread thread = entry.thread;
			if (thread != null) {
				thread.interrupt();
				count++;
			}
		}
		return count;
	}

	/** The threads still running (for tests). */
	int size() {
		int count = 0;
		for (Entry entry = this.head.get(); entry != null; entry = entry.next) {
			if (entry.thread != null) {
				count++;
			}
		}
		return count;
	}

	/** The entries linked, cleared ones included (for tests). */
	int linked() {
		int count = 0;
		for (Entry entry = this.head.get(); entry != null; entry = entry.next) {
			count++;
		}
		return count;
	}

	/**
	 * Unlinks the cleared entries below the current top. The top itself stays (pushes race on it), and
	 * so does the last entry's link: pushes only ever add above the top, so below it this sweep is the
	 * only writer of links.
	 */
	void sweep() {
		if (!this.sweeping.compareAndSet(false, true)) {
			return;
		}
		try {
			Entry kept = this.head.get();
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
			this.sweeping.set(false);
		}
	}

}
