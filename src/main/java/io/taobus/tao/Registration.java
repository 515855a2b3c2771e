package io.taobus.tao;

/**
 * The handle of one handler registration. {@link #close()} removes exactly this registration and no
 * other, whatever else is registered under the same or a matching pattern (unlike tao.js quirks Q2
 * and Q3). Closing is idempotent and thread-safe; it takes effect from the next dispatch.
 */
public final class Registration implements AutoCloseable {

	private final Kernel kernel;

	private final HandlerInfo info;

	private final Object handler;

	private final long order;

	Registration(Kernel kernel, HandlerInfo info, Object handler, long order) {
		this.kernel = kernel;
		this.info = info;
		this.handler = handler;
		this.order = order;
	}

	/** The pattern, phase and name of this registration. */
	public HandlerInfo info() {
		return this.info;
	}

	/** Whether this registration is still in the kernel. */
	public boolean isActive() {
		return this.kernel.contains(this);
	}

	/** Removes this registration; a no-op when it was removed already. */
	@Override
	public void close() {
		this.kernel.remove(this);
	}

	Object handler() {
		return this.handler;
	}

	long order() {
		return this.order;
	}

	boolean sameAs(Trigram pattern, HandlerKind kind, Object handler) {
		return this.handler == handler && this.info.kind() == kind && this.info.pattern().equals(pattern);
	}

	@Override
	public String toString() {
		return this.info.kind().tag() + " " + this.info.name() + " on " + this.info.pattern();
	}

}
