package io.taobus.ingestion;

import io.taobus.tao.AppCon;

/**
 * Turns the AppCon that answers a request into the bytes of its answer, once: the same bytes answer
 * the caller and are recorded with the delivery ({@code inbox_delivery.response}), so that a repeated
 * request and the delivery's lookup answer exactly what the caller was answered. The API's is the JSON
 * {@code {"term", "action", "orient", "data": {"term", "action", "orient"}}}.
 */
@FunctionalInterface
public interface ResponseEncoder {

	/**
	 * The response's bytes.
	 * @throws RuntimeException when the AppCon's data cannot be written (the caller gets a 500 and
	 * nothing is recorded)
	 */
	byte[] encode(AppCon response);

}
