package io.taobus.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link TaoInline} or {@link TaoAsync} method a response handler: the {@code AppCon} it
 * returns answers the request that started its cascade ({@code POST /tao/context}, a webhook source with
 * a synchronous reply), and is chained as usual. When a response handler matches a request's own
 * trigram, the request waits for a response handler's AppCon rather than taking the first AppCon its
 * cascade chains. Such a method must return {@code AppCon}; on an intercept, or on a method that is no
 * handler, it stops startup. See {@link io.taobus.tao.Responses}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TaoResponse {

}
