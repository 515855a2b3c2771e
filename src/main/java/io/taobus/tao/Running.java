package io.taobus.tao;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's threads that are running a cascade or an async call, so that a close that gives up
 * waiting can interrupt them: past the close timeout, cooperating handlers stop rather than run on
 * unseen. Each thread enters once when it starts its work and leaves when it ends.
 */
final class Running {

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	void enter() {
		this.threads.add(Thread.currentThread());
	}

	void leave() {
		this.threads.remove(Thread.currentThread());
	}

	/** Interrupts every thread still running; returns how many. */
	int interruptAll() {
		int count = 0;
		for (Thread thread : this.threads) {
			thread.interrupt();
			count++;
		}
		return count;
	}

}
