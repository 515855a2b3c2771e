package io.taobus.ingestion;

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
 * within the size limit (refusing early on a declared {@code Content-Length}, and while streaming
 * otherwise), and a 408 when the server cut a body that stalled.
 */
public final class RequestReader {

	private final int maxBodySize;

	RequestReader(int maxBodySize) {
		this.maxBodySize = maxBodySize;
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

	public Mono<byte[]> body(ServerHttpRequest request) {
		if (request.getHeaders().getContentLength() > this.maxBodySize) {
			return Mono.error(tooLarge());
		}
		return DataBufferUtils.join(request.getBody(), this.maxBodySize).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge())
			.onErrorMap(RequestReader::isTimeout, (ex) -> new IngestionException(HttpStatus.REQUEST_TIMEOUT,
					IngestionOutcome.MALFORMED, "the body was not received in time (taobus.server.read-timeout, request-timeout)"));
	}

	/** A body cut by the server's read or request timeout (slow-body defence, see ServerTimeouts). */
	private static boolean isTimeout(Throwable ex) {
		return ex instanceof io.netty.handler.timeout.TimeoutException
				|| ex.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException");
	}

	private IngestionException tooLarge() {
		return new IngestionException(HttpStatus.CONTENT_TOO_LARGE, IngestionOutcome.TOO_LARGE,
				"the body is larger than " + this.maxBodySize + " bytes (taobus.webhooks.max-body-size)");
	}

}
