package io.taobus.tao;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Runs async handler calls, each in its own virtual thread, at most {@code maxConcurrency} at once;
 * calls beyond that wait in a FIFO queue whose depth listeners see. No thread pool is involved: a
 * slot is a permit, and a finishing call hands its slot to the next waiting one. A call may return a
 * continuation, which runs on the same virtual thread after its slot is released, so that a chained
 * cascade never holds a slot.
 */
final class AsyncLane {

	/** One async call; returns what to run once its slot is free, or {@code null}. */
	interface Task {

		HandlerInfo handler();

		@Nullable Runnable run();

	}

	private static final ThreadFactory THREADS = Thread.ofVirtual().name("tao-async").factory();

	private final int maxConcurrency;

	private final KernelListener listener;

	private final UnaryOperator<Runnable> decorator;

	private final Running running;

	private final Runnable onIdle;

	private final AtomicInteger active = new AtomicInteger();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicInteger tasks = new AtomicInteger();

	private final Queue<Task> queue = new ConcurrentLinkedQueue<>();

	AsyncLane(int maxConcurrency, KernelListener listener, UnaryOperator<Runnable> decorator, Running running,
			Runnable onIdle) {
		this.maxConcurrency = maxConcurrency;
		this.listener = listener;
		this.decorator = decorator;
		this.running = running;
		this.onIdle = onIdle;
	}

	int active() {
		return this.active.get();
	}

	int queued() {
		return this.queued.get();
	}

	/** Calls queued or running. */
	int tasks() {
		return this.tasks.get();
	}

	void submit(Task task) {
		this.tasks.incrementAndGet();
		if (this.queued.get() == 0 && tryAcquire()) {
			start(task);
			return;
		}
		int depth = this.queued.incrementAndGet();
		this.queue.offer(task);
		this.listener.asyncQueued(task.handler(), depth);
		drain();
	}

	private void drain() {
		while (this.queued.get() > 0 && tryAcquire()) {
			Task next = this.queue.poll();
			if (next == null) {
				// counted but not offered yet: give the slot back and look again
				this.active.decrementAndGet();
				Thread.onSpinWait();
				continue;
			}
			this.queued.decrementAndGet();
			start(next);
		}
	}

	private boolean tryAcquire() {
		int current;
		do {
			current = this.active.get();
			if (current >= this.maxConcurrency) {
				return false;
			}
		}
		while (!this.active.compareAndSet(current, current + 1));
		return true;
	}

	private void start(Task task) {
		this.listener.asyncStarted(task.handler(), this.active.get(), this.queued.get());
		THREADS.newThread(this.decorator.apply(() -> run(task))).start();
	}

	private void run(Task task) {
		Running.Entry entry = this.running.enter();
		try {
			runAndContinue(task);
		}
		finally {
			this.running.leave(entry);
		}
	}

	private void runAndContinue(Task task) {
		Runnable continuation = null;
		try {
			continuation = task.run();
		}
		finally {
			this.active.decrementAndGet();
			this.listener.asyncFinished(task.handler(), this.active.get(), this.queued.get());
			drain();
			try {
				if (continuation != null) {
					continuation.run();
				}
			}
			finally {
				if (this.tasks.decrementAndGet() == 0) {
					this.onIdle.run();
				}
			}
		}
	}

}
