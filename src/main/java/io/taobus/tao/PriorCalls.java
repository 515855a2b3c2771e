package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * The handler calls of a recorded cascade that completed in an earlier run and are not to run again
 * ({@link CallRecorder#priorCalls()}): the kernel looks each call up by its {@link CallId} before running
 * it, and a call found here is skipped, what it returned taken from here, so that the rerun takes the same
 * path. A call is skipped only when its kind fits what is found: an intercept a {@link PriorCall.Decided},
 * an inline or async handler a {@link PriorCall.Chained}; otherwise it runs. Called on the calls' threads,
 * possibly several at once: it must be thread-safe, fast and must not block; an exception it throws is
 * caught, and the call runs.
 */
@FunctionalInterface
public interface PriorCalls {

	/**
	 * What the call returned in an earlier run.
	 * @return it, or {@code null} when the call is to run
	 */
	@Nullable PriorCall prior(CallId id);

}
