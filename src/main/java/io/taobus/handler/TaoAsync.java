package io.taobus.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a bean method a TAO async handler, registered on the kernel at startup under the given
 * trigram; an omitted axis is a wildcard. The method takes an {@code AppCon} (or nothing) and returns
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

}
