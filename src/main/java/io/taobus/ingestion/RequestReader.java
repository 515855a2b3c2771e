package io.taobus.ingestion;

import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * What both ingestion endpoints share on the way in: the content-type check, reading the raw body
 * within its {@link BodyLimit} (the endpoint's, or the webhook source's), and a 408 when the server cut
 * a body that stalled. A declared {@code Content-Length} is checked before a byte is read: above the
 * limit it is a 413, and a body the bus could not admit now (its bytes in flight,
 * {@code taobus.kernel.max-inflight-bytes}) is a 429, so that a large limit does not let bodies pile up
 * in the heap only to be refused once read. A body without a length is cut while streaming at the limit.
 */
public final class RequestReader {

	private final BodyLimit limit;

	private final LongConsumer admission;

	/**
	 * @param limit the limit of {@link #body(ServerHttpRequest)}
	 * @param admission refuses a declared length the bus could not admit now, with an
	 * {@link IngestionException}
	 */
	RequestReader(BodyLimit limit, LongConsumer admission) {
		this.limit = limit;
		this.admission = admission;
	}

	public MediaType contentType(ServerHttpRequest request) {
		MediaType type = declaredContentType(request);
		if (!BodyParser.supports(type)) {
			throw new IngestionException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IngestionOutcome.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must be application/json, application/*+json or application/x-www-form-urlencoded");
		}
		return type;
	}

	/** The request's Content-Type, or {@code null} when it has none or an invalid one. */
	public @Nullable MediaType declaredContentType(ServerHttpRequest request) {
		try {
			return request.getHeaders().getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	/** The body within the endpoint's limit. */
	public Mono<byte[]> body(ServerHttpRequest request) {
		return body(request, this.limit);
	}

	/** The body within a limit of its own, such as a webhook source's. */
	public Mono<byte[]> body(ServerHttpRequest request, BodyLimit limit) {
		long declared = request.getHeaders().getContentLength();
		if (declared > limit.bytes()) {
			return Mono.error(limit.tooLarge());
		}
		if (declared > 0) {
			try {
				this.admission.accept(declared);
			}
			catch (IngestionException ex) {
				return Mono.error(ex);
			}
		}
		return DataBufferUtils.join(request.getBody(), limit.bytes()).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, (ex) -> limit.tooLarge())
			.onErrorMap(RequestReader::isTimeout, (ex) -> new IngestionException(HttpStatus.REQUEST_TIMEOUT,
					IngestionOutcome.MALFORMED, "the body was not received in time (taobus.server.read-timeout, request-timeout)"));
	}

	/** A body cut by the server's read or request timeout (slow-body defence, see ServerTimeouts). */
	private static boolean isTimeout(Throwable ex) {
		return ex instanceof io.netty.handler.timeout.TimeoutException
				|| ex.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException");
	}

}
