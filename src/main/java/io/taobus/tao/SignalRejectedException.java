package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Transceiver}'s intercept handler returned a truthy value that is not an AppCon, which
 * rejects the call's stage as tao.js rejects its promise with that value; a {@link Throwable} value
 * rejects it as itself instead.
 */
public final class SignalRejectedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable Object value;

	SignalRejectedException(Object value) {
		super("rejected by an intercept handler: " + value);
		this.value = value;
	}

	/** What the intercept handler returned. */
	public @Nullable Object value() {
		return this.value;
	}

}
