package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * How a cascade watched through {@link Kernel#dispatch} ended, once every handler it reached has
 * finished: the entry AppCon, what its intercepts diverted to, what its inline handlers chained and
 * what its async handlers returned, at any depth.
 *
 * @param handlerCalls the handler calls of the cascade (intercept, inline and async), whatever their outcome
 * @param asyncErrors the async calls that failed, their errors swallowed as in the TAO
 * @param failure the first intercept or inline handler error of the cascade (a
 * {@link HandlerTimeoutException} for a call past its timeout), or {@code null}
 */
public record CascadeResult(int handlerCalls, int asyncErrors, @Nullable Throwable failure) {

	/** The result of a cascade that reached no handler. */
	static final CascadeResult NONE = new CascadeResult(0, 0, null);

	public CascadeResult {
		if (handlerCalls < 0 || asyncErrors < 0 || asyncErrors > handlerCalls) {
			throw new IllegalArgumentException(
					"need 0 <= asyncErrors <= handlerCalls, was " + asyncErrors + " and " + handlerCalls);
		}
	}

	/** Whether an intercept or inline handler failed. */
	public boolean failed() {
		return this.failure != null;
	}

}
