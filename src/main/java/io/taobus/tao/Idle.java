package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Lets threads wait until the kernel is idle without polling, and costs the dispatch path nothing
 * while nobody waits: the lock is taken on a signal only when a waiter is registered.
 */
final class Idle {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition idle = this.lock.newCondition();

	private volatile int waiters;

	boolean await(BooleanSupplier isIdle, Duration timeout) {
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			this.waiters++;
			try {
				while (!isIdle.getAsBoolean()) {
					if (remaining <= 0) {
						return false;
					}
					remaining = this.idle.awaitNanos(remaining);
				}
				return true;
			}
			finally {
				this.waiters--;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return isIdle.getAsBoolean();
		}
		finally {
			this.lock.unlock();
		}
	}

	void signalIf(BooleanSupplier isIdle) {
		if (this.waiters > 0 && isIdle.getAsBoolean()) {
			this.lock.lock();
			try {
				this.idle.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

}
