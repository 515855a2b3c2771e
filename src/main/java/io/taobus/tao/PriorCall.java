package io.taobus.tao;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a handler call of an earlier run of a recorded cascade returned, as its store kept it, so that a
 * rerun can skip the call ({@link PriorCalls}) and still take the path the call chose: the AppCon an
 * inline or async handler chained (or none), or an intercept's decision.
 */
public sealed interface PriorCall {

	/** An inline or async call that returned this AppCon, or {@code null} for none. */
	static PriorCall chained(@Nullable AppCon appCon) {
		return new Chained(appCon);
	}

	/** An intercept call that decided this. */
	static PriorCall decided(Intercept decision) {
		return new Decided(decision);
	}

	/**
	 * See {@link PriorCall#chained(AppCon)}.
	 * @param appCon what it returned, or {@code null}
	 */
	record Chained(@Nullable AppCon appCon) implements PriorCall {
	}

	/**
	 * See {@link PriorCall#decided(Intercept)}.
	 * @param decision what it decided
	 */
	record Decided(Intercept decision) implements PriorCall {

		public Decided {
			Objects.requireNonNull(decision, "decision");
		}

	}

}
