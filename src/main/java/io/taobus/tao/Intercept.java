package io.taobus.tao;

import java.util.Objects;

/**
 * The decision of an {@link InterceptHandler}: proceed to the next intercept and then to the async
 * and inline phases; halt the dispatch; or halt it and dispatch another AppCon instead. This is the
 * Java form of tao.js's falsy / truthy / AppCtx intercept returns.
 */
public sealed interface Intercept {

	/** Lets the dispatch go on. */
	static Intercept proceed() {
		return Proceed.INSTANCE;
	}

	/** Ends the dispatch: no further intercept, no async and no inline handler runs. */
	static Intercept halt() {
		return Halt.INSTANCE;
	}

	/** Halts the dispatch and dispatches {@code next} in the same cascade. */
	static Intercept divert(AppCon next) {
		return new Divert(next);
	}

	/** See {@link Intercept#proceed()}. */
	enum Proceed implements Intercept {

		INSTANCE

	}

	/** See {@link Intercept#halt()}. */
	enum Halt implements Intercept {

		INSTANCE

	}

	/**
	 * See {@link Intercept#divert(AppCon)}.
	 * @param next the AppCon dispatched instead
	 */
	record Divert(AppCon next) implements Intercept {

		public Divert {
			Objects.requireNonNull(next, "next");
		}

	}

}
