package io.taobus.tao;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A handler call ran past its timeout ({@link KernelBuilder#handlerTimeout} or the registration's
 * own). It is the error reported with {@link Outcome#TIMEOUT}: swallowed and counted for an async
 * handler, the failure of the cascade for an intercept or inline handler. Its cause is what the
 * interrupted handler threw, if anything (typically an {@link InterruptedException}).
 */
public final class HandlerTimeoutException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient HandlerInfo handler;

	private final Duration timeout;

	private final boolean cancelled;

	HandlerTimeoutException(HandlerInfo handler, Duration timeout, boolean cancelled, @Nullable Throwable cause) {
		super(handler.kind().tag() + " handler " + handler.name() + " on " + handler.pattern() + " ran past its timeout of "
				+ timeout + (cancelled ? "" : " and did not stop when interrupted: its thread was abandoned"), cause);
		this.handler = handler;
		this.timeout = timeout;
		this.cancelled = cancelled;
	}

	/** The registration that timed out. */
	public HandlerInfo handler() {
		return this.handler;
	}

	/** The timeout it ran past. */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Whether the call ended once interrupted; {@code false} when it did not stop within the grace
	 * period, so that the kernel stopped waiting for it (see {@link KernelListener#handlerNotCancellable}).
	 */
	public boolean cancelled() {
		return this.cancelled;
	}

}
