package io.taobus.tao;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Kernel}; obtained from {@link Kernel#builder()}. Not thread-safe; each
 * {@link #build()} makes an independent kernel.
 */
public final class KernelBuilder {

	boolean allowWildcardSet;

	int maxAsyncConcurrency = Integer.MAX_VALUE;

	int maxPendingDispatches = 10_000;

	long maxInflightBytes;

	int maxCascadeDepth = 64;

	Duration closeTimeout = Duration.ofSeconds(30);

	long handlerTimeoutNanos;

	@Nullable HandlerHook handlerHook;

	final List<KernelListener> listeners = new ArrayList<>();

	UnaryOperator<Runnable> taskDecorator = UnaryOperator.identity();

	private final Function<KernelBuilder, Kernel> factory;

	KernelBuilder(Function<KernelBuilder, Kernel> factory) {
		this.factory = factory;
	}

	/**
	 * Whether a wildcard AppCon may be set (default {@code false}, when it is ignored). When allowed,
	 * it reaches only the handlers registered under exactly that wildcard pattern.
	 */
	public KernelBuilder allowWildcardSet(boolean allow) {
		this.allowWildcardSet = allow;
		return this;
	}

	/** Adds a listener; listeners are called in the order they were added. */
	public KernelBuilder listener(KernelListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
		return this;
	}

	/** How many async calls may run at once; more wait in a queue. Default: no limit. */
	public KernelBuilder maxAsyncConcurrency(int max) {
		this.maxAsyncConcurrency = positive(max, "maxAsyncConcurrency");
		return this;
	}

	/**
	 * How many AppCons (plus async calls, queued or running) may be in flight before
	 * {@link Kernel#setAppCon} refuses new ones with {@link KernelSaturatedException}. Default 10,000.
	 */
	public KernelBuilder maxPendingDispatches(int max) {
		this.maxPendingDispatches = positive(max, "maxPendingDispatches");
		return this;
	}

	/**
	 * How many bytes the weighed AppCons in flight may add up to (the weight a caller passes to
	 * {@link Kernel#setAppCon(AppCon, long, UnaryOperator, long)}, such as a request body's size)
	 * before new weighed ones are refused with {@link KernelSaturatedException}; a weight counts until
	 * its whole cascade has finished, async calls and chained AppCons included. One AppCon is admitted
	 * whatever its weight when nothing weighed is in flight. Default 0: no limit.
	 */
	public KernelBuilder maxInflightBytes(long max) {
		if (max < 0) {
			throw new IllegalArgumentException("maxInflightBytes must be 0 (no limit) or positive, not " + max);
		}
		this.maxInflightBytes = max;
		return this;
	}

	/** How many hops a chain may take before it is stopped and reported. Default 64. */
	public KernelBuilder maxCascadeDepth(int max) {
		this.maxCascadeDepth = positive(max, "maxCascadeDepth");
		return this;
	}

	/** How long {@link Kernel#close()} waits for in-flight work. Default 30 seconds. */
	public KernelBuilder closeTimeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
		}
		this.closeTimeout = timeout;
		return this;
	}

	/**
	 * How long a handler call may run before its virtual thread is interrupted, for every registration
	 * that does not give its own. Default: {@link Duration#ZERO}, no timeout, and then no cost at all.
	 * A call past its timeout ends with {@link Outcome#TIMEOUT} and a {@link HandlerTimeoutException}:
	 * counted and swallowed for an async handler, the end of the dispatch for an intercept or inline
	 * one, as an error would be. Code that cooperates (sleeping, waiting, interruptible I/O, or checking
	 * {@link Thread#interrupted()}) stops there; a call that has not stopped a grace period later (its
	 * timeout, within 1 to 10 seconds) is given up: reported as timed out and to
	 * {@link KernelListener#handlerNotCancellable}, no longer waited for by its cascade, its thread left
	 * to finish on its own, its result dropped.
	 */
	public KernelBuilder handlerTimeout(Duration timeout) {
		this.handlerTimeoutNanos = timeoutNanos(timeout);
		return this;
	}

	static long timeoutNanos(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("a handler timeout must not be negative, was " + timeout);
		}
		try {
			return timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE; // centuries: no timeout in practice
		}
	}

	/**
	 * The around-hook of every handler call, for example to open a tracing span per call; one per
	 * kernel, the last one set wins. Default: none, at the cost of a null check per call.
	 */
	public KernelBuilder handlerHook(HandlerHook hook) {
		this.handlerHook = Objects.requireNonNull(hook, "hook");
		return this;
	}

	/**
	 * Wraps every task the kernel hands to a new virtual thread, on the thread that hands it over:
	 * the place to capture a context (MDC, trace) and restore it around the task. Default: none.
	 */
	public KernelBuilder taskDecorator(UnaryOperator<Runnable> decorator) {
		this.taskDecorator = Objects.requireNonNull(decorator, "decorator");
		return this;
	}

	public Kernel build() {
		return this.factory.apply(this);
	}

	private static int positive(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
		return value;
	}

}
