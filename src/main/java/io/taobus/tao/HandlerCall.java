package io.taobus.tao;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One handler call of a recorded cascade, as told to its {@link CallRecorder} when the call has ended.
 * A hop is one AppCon of the cascade: the entry AppCon is hop {@code "0"}; an AppCon chained by the
 * inline handler at index {@code i} of hop {@code h} (in registration order) is {@code h.i}, one an
 * intercept at index {@code i} diverted to is {@code h.di}, and one returned by the async handler at
 * index {@code i} is {@code h.ai}. So a rerun of the same delivery on the same registrations gives every
 * call the same hop and the same {@link CallId}.
 *
 * @param id the call's stable id
 * @param hop the hop's path in the cascade
 * @param appCon the AppCon of the hop
 * @param handler the registration that ran
 * @param outcome how it ended
 * @param nanos how long it ran
 * @param error the exception for {@link Outcome#ERROR}, a {@link HandlerTimeoutException} for
 * {@link Outcome#TIMEOUT}, else {@code null}
 * @param retries how the store should retry the call when it failed: the registration's, for an async
 * handler; {@link AsyncRetries#NONE} for the others
 * @param returned what the call returned, for a store to give back to a rerun that skips it
 * ({@link PriorCalls}): the {@link AppCon} an inline or async handler chained, or {@code null}; an
 * intercept's {@link Intercept} decision; {@code null} when it failed
 */
public record HandlerCall(CallId id, String hop, AppCon appCon, HandlerInfo handler, Outcome outcome, long nanos,
		@Nullable Throwable error, AsyncRetries retries, @Nullable Object returned) {

	/** A call that returned nothing a rerun needs: one that failed, or an inline or async one that chained nothing. */
	public HandlerCall(CallId id, String hop, AppCon appCon, HandlerInfo handler, Outcome outcome, long nanos,
			@Nullable Throwable error, AsyncRetries retries) {
		this(id, hop, appCon, handler, outcome, nanos, error, retries, null);
	}

	public HandlerCall {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(hop, "hop");
		Objects.requireNonNull(appCon, "appCon");
		Objects.requireNonNull(handler, "handler");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(retries, "retries");
	}

	/** Whether the call failed: it threw or timed out. */
	public boolean failed() {
		return this.outcome == Outcome.ERROR || this.outcome == Outcome.TIMEOUT;
	}

}
