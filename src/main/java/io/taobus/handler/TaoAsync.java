package io.taobus.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a bean method a TAO async handler, registered on the kernel at startup under the given
 * trigram; an omitted axis is a wildcard. The method takes an {@code AppCon}, the event as a record, or nothing (see {@code HandlerParameters}) and returns
 * {@code void}, or an {@code AppCon} to chain (or {@code null}). See {@link io.taobus.tao.AsyncHandler} for the phase's contract.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TaoAsync {

	/** The term; empty or {@code "*"} is a wildcard. */
	String term() default "*";

	/** The action; empty or {@code "*"} is a wildcard. */
	String action() default "*";

	/** The orient; empty or {@code "*"} is a wildcard. */
	String orient() default "*";

	/**
	 * How long a call may run before its thread is interrupted and it ends as timed out, such as
	 * {@code "5s"}, {@code "500ms"} or {@code "PT1M"} (placeholders allowed); {@code "0"} for none;
	 * empty (the default) for the kernel's {@code taobus.kernel.handler-timeout}.
	 */
	String timeout() default "";

	/**
	 * A SpEL expression that must be {@code true} for the call to run, like {@code @EventListener}'s
	 * condition, such as {@code "event.data().object().amountPaid() > 100000"}: {@code event} is the
	 * handler's bound event (or the term data), beside {@code appCon}, {@code termData},
	 * {@code actionData} and {@code orientData}. Empty (the default) always runs. A call whose condition
	 * is false returns at once (an intercept proceeds, an inline handler chains nothing).
	 */
	String condition() default "";

	/**
	 * How many times a failed call (it threw or timed out) of a delivery's cascade is retried, alone, by
	 * the inbox, before it is {@code dead}; {@code 0} for none; {@code -1} (the default) for
	 * {@code taobus.handlers.async-retries} (4). A {@code NonRetryableException} ends the retries at once.
	 */
	int retries() default -1;

	/**
	 * The delay before the first retry, doubled for each next one (give or take a fifth), such as
	 * {@code "30s"} or {@code "PT5M"} (placeholders allowed); empty (the default) for
	 * {@code taobus.handlers.async-backoff} (4 minutes: five attempts over about an hour). A
	 * {@code RetryAfterException} sets the delay of its retry instead.
	 */
	String backoff() default "";

}
