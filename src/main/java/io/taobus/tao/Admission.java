package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel's admission control and idleness: it counts the dispatches in flight, refuses a new
 * AppCon once the kernel is closed, when {@code maxPendingDispatches} are in flight (async calls,
 * queued or running, included) or when a weighed AppCon would take the bytes in flight past
 * {@code maxInflightBytes}, and wakes {@code awaitIdle} waiters once neither a dispatch nor an async call of
 * its {@link AsyncLane} is left.
 */
final class Admission {

	private final int maxPendingDispatches;

	private final Listeners listeners;

	private final AsyncLane asyncLane;

	private final long maxInflightBytes;

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong inflightBytes = new AtomicLong();

	private final Idle idle = new Idle();

	private volatile boolean closed;

	Admission(KernelBuilder builder, Listeners listeners, Running running) {
		this.maxPendingDispatches = builder.maxPendingDispatches;
		this.maxInflightBytes = builder.maxInflightBytes;
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

	/**
	 * Whether a dispatch of this weight would be admitted now (a snapshot: {@link #admit} still decides),
	 * for a caller that must refuse before doing work it cannot undo.
	 */
	boolean wouldAdmit(long weight) {
		if (this.closed || this.pending.get() + this.asyncLane.tasks() >= this.maxPendingDispatches) {
			return false;
		}
		return !counts(weight) || fits(this.inflightBytes.get(), weight);
	}

	/** How many more dispatches the count limit admits now; 0 once closed. */
	int headroom() {
		return this.closed ? 0
				: Math.max(0, this.maxPendingDispatches - this.pending.get() - this.asyncLane.tasks());
	}

	/**
	 * Counts a new dispatch and its weight in, or refuses it.
	 * @return the weight counted, to hand back to {@link #releaseBytes}: {@code 0} when no limit applies
	 */
	long admit(AppCon appCon, long weight) {
		int current;
		do {
			current = this.pending.get();
			int asyncCalls = this.asyncLane.tasks();
			if (current + asyncCalls >= this.maxPendingDispatches) {
				this.listeners.dispatchRejected(appCon, false);
				throw new KernelSaturatedException("the TAO kernel is saturated: " + current + " AppCons and "
						+ asyncCalls + " async calls in flight (taobus maxPendingDispatches "
						+ this.maxPendingDispatches + ")");
			}
		}
		while (!this.pending.compareAndSet(current, current + 1));
		long counted = counts(weight) ? weight : 0;
		if (counted > 0) {
			long bytes;
			do {
				bytes = this.inflightBytes.get();
				if (!fits(bytes, weight)) {
					release();
					this.listeners.dispatchRejected(appCon, false);
					throw new KernelSaturatedException("the TAO kernel is saturated: " + bytes + " bytes in flight,"
							+ " " + weight + " more would pass taobus maxInflightBytes " + this.maxInflightBytes);
				}
			}
			while (!this.inflightBytes.compareAndSet(bytes, bytes + weight));
		}
		if (this.closed) {
			// close() began after the first check: it either sees this count and waits, or it has
			// returned and must not see work admitted after it
			release();
			releaseBytes(counted);
			this.listeners.dispatchRejected(appCon, true);
			throw new KernelClosedException();
		}
		return counted;
	}

	/** Whether a weight is counted against {@code maxInflightBytes} at all. */
	private boolean counts(long weight) {
		return weight > 0 && this.maxInflightBytes > 0;
	}

	/** Whether a weight fits beside the bytes in flight; the first one always does, however large. */
	private boolean fits(long bytes, long weight) {
		return bytes == 0 || weight <= this.maxInflightBytes - bytes;
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

	/** Counts a weight {@link #admit} counted out, once its cascade has finished. */
	void releaseBytes(long counted) {
		if (counted > 0) {
			this.inflightBytes.addAndGet(-counted);
		}
	}

	long inflightBytes() {
		return this.inflightBytes.get();
	}

	long maxInflightBytes() {
		return this.maxInflightBytes;
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
