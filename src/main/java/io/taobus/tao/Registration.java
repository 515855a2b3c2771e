package io.taobus.tao;

/**
 * The handle of one handler registration. {@link #close()} removes exactly this registration and no
 * other, whatever else is registered under the same or a matching pattern (unlike tao.js quirks Q2
 * and Q3). Closing is idempotent and thread-safe; it takes effect from the next dispatch.
 */
public final class Registration implements AutoCloseable {

	private final HandlerTable table;

	private final HandlerInfo info;

	private final Object handler;

	private final long order;

	private final long timeoutNanos;

	private final AsyncRetries retries;

	Registration(HandlerTable table, HandlerInfo info, Object handler, long order, long timeoutNanos,
			AsyncRetries retries) {
		this.table = table;
		this.info = info;
		this.handler = handler;
		this.order = order;
		this.timeoutNanos = timeoutNanos;
		this.retries = retries;
	}

	/** How a failed call of this async handler is retried by the store that records it; none for the others. */
	public AsyncRetries retries() {
		return this.retries;
	}

	/** The pattern, phase and name of this registration. */
	public HandlerInfo info() {
		return this.info;
	}

	/** Whether this registration is still in the kernel. */
	public boolean isActive() {
		return this.table.contains(this);
	}

	/** Removes this registration; a no-op when it was removed already. */
	@Override
	public void close() {
		this.table.remove(this);
	}

	Object handler() {
		return this.handler;
	}

	long order() {
		return this.order;
	}

	/** How long a call may run before it is interrupted; 0 for no limit. */
	long timeoutNanos() {
		return this.timeoutNanos;
	}

	/** Whether a call has a deadline ({@link Deadline}), and so is timed whatever listens. */
	boolean hasTimeout() {
		return this.timeoutNanos > 0;
	}

	boolean sameAs(Trigram pattern, HandlerKind kind, Object handler) {
		return this.handler == handler && this.info.kind() == kind && this.info.pattern().equals(pattern);
	}

	@Override
	public String toString() {
		return this.info.kind().tag() + " " + this.info.name() + " on " + this.info.pattern();
	}

}
