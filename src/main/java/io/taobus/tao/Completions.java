package io.taobus.tao;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watched cascades of a kernel that have not completed, so that a close that gives up waiting
 * can end their stages rather than leave their callers hanging. Only {@link Kernel#dispatch} adds to
 * it; plain {@code setAppCon} never touches it.
 */
final class Completions {

	private final Set<Completion> open = ConcurrentHashMap.newKeySet();

	private volatile boolean abandoned;

	/** A new watched cascade; abandoned at once when a close gave up before it was registered. */
	Completion open() {
		Completion completion = new Completion(this);
		this.open.add(completion);
		if (this.abandoned) {
			completion.abandon(closedBeforeFinishing());
		}
		return completion;
	}

	void finished(Completion completion) {
		this.open.remove(completion);
	}

	/**
	 * Ends every open stage exceptionally with {@link KernelClosedException}.
	 * @return how many were still open
	 */
	int abandonAll() {
		this.abandoned = true;
		int count = 0;
		for (Completion completion : this.open) {
			if (!completion.isDone()) {
				completion.abandon(closedBeforeFinishing());
				count++;
			}
			this.open.remove(completion);
		}
		return count;
	}

	private static KernelClosedException closedBeforeFinishing() {
		return new KernelClosedException("the TAO kernel closed before the cascade finished: its close timeout"
				+ " passed while some of its handlers were still running or waiting");
	}

}
