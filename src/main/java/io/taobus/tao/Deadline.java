package io.taobus.tao;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The timeout of one handler call. When it passes, the call's thread is interrupted; if the call has
 * not ended a grace period later (the timeout, within 1 to 10 seconds: an interrupted thread may
 * wait that long for a carrier on a loaded machine), it is given up: its owner reports
 * it and stops waiting for it, and the thread, still running, is abandoned. The call's thread ends it
 * with {@link #finish()}, which tells which of the three happened and clears an interrupt the
 * deadline delivered, never one it did not, so that it cannot leak into the next handler.
 *
 * <p>Every deadline of the JVM shares one platform daemon thread ({@link Timer}), started with the
 * first timeout; a call without a timeout has no deadline and costs nothing.
 */
final class Deadline {

	/**
	 * What the owner of a call does once the call is given up, on a platform thread of its own (a rare
	 * event): the stuck call may be pinning the last free carrier of virtual threads.
	 */
	interface Owner {

		void givenUp(Deadline deadline);

	}

	static final int ON_TIME = 0;

	static final int TIMED_OUT = 1;

	static final int GIVEN_UP = 2;

	private static final int RUNNING = 0;

	private static final int INTERRUPTING = 1;

	private static final int INTERRUPTED = 2;

	private static final int ABANDONED = 3;

	private static final int DONE = 4;

	private static final long MIN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long MAX_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(Deadline.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final Registration registration;

	final long startNanos;

	final Thread thread;

	private final Owner owner;

	private final long timeoutNanos;

	private volatile int state = RUNNING;

	private volatile @Nullable Future<?> task;

	/** Written before the state becomes {@code ABANDONED}, read only after. */
	private @Nullable HandlerTimeoutException givenUpError;

	private Deadline(Registration registration, long startNanos, Owner owner, long timeoutNanos) {
		this.registration = registration;
		this.startNanos = startNanos;
		this.thread = Thread.currentThread();
		this.owner = owner;
		this.timeoutNanos = timeoutNanos;
	}

	/** Starts the deadline of a call on the current thread; {@code null} when it has no timeout. */
	static @Nullable Deadline start(Registration registration, long startNanos, Owner owner) {
		if (!registration.hasTimeout()) {
			return null;
		}
		long timeout = registration.timeoutNanos();
		Deadline deadline = new Deadline(registration, startNanos, owner, timeout);
		deadline.task = Timer.EXECUTOR.schedule(deadline::expire, timeout, TimeUnit.NANOSECONDS);
		return deadline;
	}

	private void expire() {
		if (STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
			this.thread.interrupt();
			this.state = INTERRUPTED;
			long grace = Math.clamp(this.timeoutNanos, MIN_GRACE_NANOS, MAX_GRACE_NANOS);
			this.task = Timer.EXECUTOR.schedule(this::giveUp, grace, TimeUnit.NANOSECONDS);
		}
	}

	private void giveUp() {
		this.givenUpError = new HandlerTimeoutException(this.registration.info(), Duration.ofNanos(this.timeoutNanos),
				false, null);
		if (STATE.compareAndSet(this, INTERRUPTED, ABANDONED)) {
			Thread.ofPlatform().daemon().name("tao-deadline-given-up").start(() -> this.owner.givenUp(this));
		}
	}

	/**
	 * Ends the call on its own thread.
	 * @return {@link #ON_TIME}, {@link #TIMED_OUT} (interrupted, then ended) or {@link #GIVEN_UP}
	 * (already reported by the owner: the caller must neither report nor continue the call)
	 */
	int finish() {
		while (true) {
			switch (this.state) {
				case RUNNING -> {
					if (STATE.compareAndSet(this, RUNNING, DONE)) {
						cancelTask();
						return ON_TIME;
					}
				}
				case INTERRUPTED -> {
					if (STATE.compareAndSet(this, INTERRUPTED, DONE)) {
						cancelTask();
						Thread.interrupted();
						return TIMED_OUT;
					}
				}
				case ABANDONED -> {
					Thread.interrupted();
					return GIVEN_UP;
				}
				default -> Thread.onSpinWait(); // INTERRUPTING: the interrupt is on its way
			}
		}
	}

	private void cancelTask() {
		Future<?> pending = this.task;
		if (pending != null) {
			pending.cancel(false);
		}
	}

	/** The error of a call that ended once interrupted, with what it threw, if anything. */
	HandlerTimeoutException exception(@Nullable Throwable cause) {
		return new HandlerTimeoutException(this.registration.info(), Duration.ofNanos(this.timeoutNanos), true, cause);
	}

	/** The error of a call given up; only once it was. */
	HandlerTimeoutException givenUpError() {
		HandlerTimeoutException error = this.givenUpError;
		if (error == null) {
			throw new IllegalStateException("not given up");
		}
		return error;
	}

	/** The one thread of every deadline, created on first use, so that a kernel without timeouts has none. */
	private static final class Timer {

		static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "tao-deadlines");
			thread.setDaemon(true);
			return thread;
		});

		static {
			EXECUTOR.setRemoveOnCancelPolicy(true);
		}

	}

}
