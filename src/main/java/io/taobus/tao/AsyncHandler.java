package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * A handler of the async phase. Each call runs out of band in its own virtual thread; the dispatch
 * never waits for it. An AppCon it returns starts a new cascade. Its exceptions are swallowed:
 * reported to the kernel's listeners, never propagated, never affecting another handler.
 */
@FunctionalInterface
public interface AsyncHandler {

	/**
	 * Handles one AppCon.
	 * @param appCon the dispatched AppCon
	 * @return the AppCon to chain, or {@code null} for none
	 * @throws Exception to be counted and swallowed
	 */
	@Nullable AppCon handle(AppCon appCon) throws Exception;

}
