package io.taobus.ingestion;

import java.util.function.UnaryOperator;

import reactor.util.context.ContextView;

import org.springframework.http.HttpHeaders;

/**
 * How the handler threads of a delivery get its context (trace, observation): a decorator of the
 * cascade's first task, which the kernel applies only when a handler matches. Observability provides
 * it, so that the ingestion endpoints know nothing of tracing.
 */
@FunctionalInterface
public interface DeliveryContext {

	/** Carries no context: handler threads start bare. */
	DeliveryContext NONE = (source, trusted, headers, requestContext) -> UnaryOperator.identity();

	/**
	 * @param source the source name ({@code api} for the AppCon API)
	 * @param trusted whether the sender's trace context is continued (a source's
	 * {@code trusted-trace-context}, and the token-guarded AppCon API) rather than linked
	 * @param headers the request headers, where a sender's trace context may be
	 * @param requestContext the request's Reactor context
	 * @return the decorator of the cascade's first task
	 */
	UnaryOperator<Runnable> of(String source, boolean trusted, HttpHeaders headers, ContextView requestContext);

}
