package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's admission control and idleness: it counts the dispatches in flight, refuses a new
 * AppCon once the kernel is closed or when {@code maxPendingDispatches} are in flight (queued async
 * calls included), and wakes {@code awaitIdle} waiters once neither a dispatch nor an async call of
 * its {@link AsyncLane} is left.
 */
final class Admission {

	private final int maxPendingDispatches;

	private final Listeners listeners;

	private final AsyncLane asyncLane;

	private final AtomicInteger pending = new AtomicInteger();

	private final Idle idle = new Idle();

	private volatile boolean closed;

	Admission(KernelBuilder builder, Listeners listeners, Running running) {
		this.maxPendingDispatches = builder.maxPendingDispatches;
		this.listeners = listeners;
		this.asyncLane = new AsyncLane(builder.maxAsyncConcurrency, listeners, builder.taskDecorator, running,
				this::signalIfIdle);
	}

	AsyncLane asyncLane() {
		return this.asyncLane;
	}

	/** Refuses an AppCon once the kernel is closed. */
	void checkOpen(AppCon appCon) {
		if (this.closed) {
			this.listeners.dispatchRejected(appCon, true);
			throw new KernelClosedException();
		}
	}

	/** Counts a new dispatch in, or refuses it. */
	void admit(AppCon appCon) {
		int current;
		do {
			current = this.pending.get();
			if (current + this.asyncLane.queued() >= this.maxPendingDispatches) {
				this.listeners.dispatchRejected(appCon, false);
				throw new KernelSaturatedException("the TAO kernel is saturated: " + current
						+ " AppCons in flight (taobus maxPendingDispatches " + this.maxPendingDispatches + ")");
			}
		}
		while (!this.pending.compareAndSet(current, current + 1));
		if (this.closed) {
			// close() began after the first check: it either sees this count and waits, or it has
			// returned and must not see work admitted after it
			release();
			this.listeners.dispatchRejected(appCon, true);
			throw new KernelClosedException();
		}
	}

	/** Counts chained dispatches, or the cascade an async handler's AppCon starts: never refused. */
	void add(int count) {
		this.pending.addAndGet(count);
	}

	/** Counts a dispatch out, once its thread is done with it. */
	void release() {
		if (this.pending.decrementAndGet() == 0) {
			signalIfIdle();
		}
	}

	int pending() {
		return this.pending.get();
	}

	int maxPendingDispatches() {
		return this.maxPendingDispatches;
	}

	void close() {
		this.closed = true;
	}

	boolean isClosed() {
		return this.closed;
	}

	boolean isIdle() {
		return this.pending.get() == 0 && this.asyncLane.tasks() == 0;
	}

	boolean awaitIdle(Duration timeout) {
		return this.idle.await(this::isIdle, timeout);
	}

	private void signalIfIdle() {
		this.idle.signalIf(this::isIdle);
	}

}
