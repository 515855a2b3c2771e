package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * A handler of the inline phase. Inline handlers of one dispatch run one at a time, in registration
 * order, on the dispatch's virtual thread; blocking inside one is fine. An AppCon it returns is
 * spooled and dispatched after the last inline handler of the dispatch. An exception skips the
 * remaining inline handlers, drops the spool, and is reported to the kernel's listeners.
 */
@FunctionalInterface
public interface InlineHandler {

	/**
	 * Handles one AppCon.
	 * @param appCon the dispatched AppCon
	 * @return the AppCon to chain, or {@code null} for none
	 * @throws Exception to abort the rest of the inline phase
	 */
	@Nullable AppCon handle(AppCon appCon) throws Exception;

}
