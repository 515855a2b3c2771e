package io.taobus.tao;

/**
 * A handler of the intercept phase, which runs before any other. Intercept handlers of one
 * dispatch run one at a time in registration order; each decides whether the dispatch
 * {@linkplain Intercept#proceed() proceeds}, {@linkplain Intercept#halt() halts}, or
 * {@linkplain Intercept#divert(AppCon) diverts} to another AppCon. An exception aborts the dispatch
 * and is reported to the kernel's listeners, never thrown to the caller.
 */
@FunctionalInterface
public interface InterceptHandler {

	/**
	 * Decides the fate of one dispatch.
	 * @param appCon the dispatched AppCon
	 * @return the decision; {@code null} is taken as {@link Intercept#proceed()}
	 * @throws Exception to abort the dispatch
	 */
	Intercept handle(AppCon appCon) throws Exception;

}
