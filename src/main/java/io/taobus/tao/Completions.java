package io.taobus.tao;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

/**
 * The tracked cascades of a kernel that have not completed, so that a close that gives up waiting
 * can end their stages rather than leave their callers hanging: those of {@link Kernel#dispatch}, and
 * of a weighed {@code setAppCon}, whose weight is counted out when its cascade ends. A plain
 * {@code setAppCon} never touches it.
 */
final class Completions {

	private final Set<Completion> open = ConcurrentHashMap.newKeySet();

	private final LongConsumer releaseBytes;

	private volatile boolean abandoned;

	Completions(LongConsumer releaseBytes) {
		this.releaseBytes = releaseBytes;
	}

	/**
	 * A new tracked cascade; abandoned at once when a close gave up before it was registered.
	 * @param weight the bytes admission counted for it, counted out when its stage completes
	 */
	Completion open(long weight, @Nullable Scope scope, @Nullable Recording recording) {
		Completion completion = new Completion(this, weight, scope, recording);
		this.open.add(completion);
		if (this.abandoned) {
			completion.abandon(closedBeforeFinishing());
		}
		return completion;
	}

	void finished(Completion completion) {
		this.open.remove(completion);
	}

	/** Counts out the weight of a cascade whose stage completed, normally or abandoned. */
	void released(long weight) {
		this.releaseBytes.accept(weight);
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
