package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * A private handler of a {@link Transceiver}, whose return decides the transceiver's stage as in
 * tao.js: an {@link AppCon} chains (or, from an intercept, diverts); {@code null} does nothing; any
 * other value resolves the stage (async and inline handlers) or, when truthy, rejects it and halts
 * (intercept handlers); an exception rejects it.
 */
@FunctionalInterface
public interface SignalHandler {

	/**
	 * Handles one AppCon of the transceiver's cascade.
	 * @param appCon the chained AppCon
	 * @return an AppCon to chain, a value to settle the stage with, or {@code null}
	 * @throws Exception to reject the stage (and end the dispatch, as any handler's)
	 */
	@Nullable Object handle(AppCon appCon) throws Exception;

}
