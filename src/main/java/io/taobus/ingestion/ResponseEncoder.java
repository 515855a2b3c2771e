package io.taobus.ingestion;

import java.util.Objects;
import java.util.function.Function;

import io.taobus.tao.AppCon;

/**
 * Turns the AppCon that answers a request into the bytes of its answer, once: the same bytes answer
 * the caller and are recorded with the delivery ({@code inbox_delivery.response}), so that a repeated
 * request and the delivery's lookup answer exactly what the caller was answered. One per kind of
 * request, the value of {@link DeliveryDispatcher#REPLY_HEADER} its deliveries are stored with, so that
 * a rerun (recovery, replay) encodes its response as the first run would have: {@code context} for
 * {@code POST /tao/context} (the AppCon as JSON), {@code webhook} for a source that replies
 * synchronously (its data as JSON).
 */
public interface ResponseEncoder {

	/** The kind of request it encodes the responses of. */
	String kind();

	/**
	 * The response's bytes.
	 * @throws RuntimeException when the AppCon's data cannot be written (the caller gets a 500 and
	 * nothing is recorded)
	 */
	byte[] encode(AppCon response);

	/** An encoder of a kind from a function. */
	static ResponseEncoder of(String kind, Function<AppCon, byte[]> encode) {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(encode, "encode");
		return new ResponseEncoder() {

			@Override
			public String kind() {
				return kind;
			}

			@Override
			public byte[] encode(AppCon response) {
				return encode.apply(response);
			}

		};
	}

}
