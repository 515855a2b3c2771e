package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The stage of a {@link Transponder} or {@link Transceiver} call was not settled within its timeout:
 * tao.js's {@code 'reached timeout of: Nms'} rejection, as an exception. The cascade itself goes on;
 * its handlers are bounded by their own timeouts ({@link KernelBuilder#handlerTimeout}).
 */
public final class SignalTimeoutException extends TimeoutException {

	private static final long serialVersionUID = 1L;

	private final Duration timeout;

	SignalTimeoutException(Duration timeout) {
		super("reached timeout of: " + timeout.toMillis() + "ms");
		this.timeout = timeout;
	}

	/** The timeout that passed. */
	public Duration timeout() {
		return this.timeout;
	}

}
