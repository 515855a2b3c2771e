package io.taobus.ingestion;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading a body within its limit: a declared length above the limit is a 413 naming the property to
 * change, and one the bus could not admit now a 429, both before a byte is read; a body without a
 * length is cut at the limit while streaming; a source's limit applies instead of the endpoint's.
 */
class RequestReaderTests {

	static final BodyLimit ENDPOINT = new BodyLimit(1024, "taobus.webhooks.max-body-size");

	final AtomicLong admitted = new AtomicLong();

	final AtomicBoolean read = new AtomicBoolean();

	final RequestReader reader = new RequestReader(ENDPOINT, this.admitted::set);

	@Test
	void aDeclaredLengthAboveTheLimitIs413BeforeReading() {
		BodyLimit source = new BodyLimit(2048, "taobus.webhooks.sources.gh.max-body-size");
		assertThatThrownBy(() -> this.reader.body(request(4096, 4096), source).block())
			.isInstanceOfSatisfying(IngestionException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
				assertThat(ex.outcome()).isEqualTo(IngestionOutcome.TOO_LARGE);
				assertThat(ex.getMessage())
					.isEqualTo("the body is larger than 2048 bytes (taobus.webhooks.sources.gh.max-body-size)");
			});
		assertThat(this.read).isFalse();
		assertThat(this.admitted).hasValue(0);
	}

	@Test
	void aSourcesLimitAppliesInsteadOfTheEndpoints() {
		BodyLimit source = new BodyLimit(2048, "taobus.webhooks.sources.gh.max-body-size");
		assertThat(this.reader.body(request(2048, 2048), source).block()).hasSize(2048);
		assertThat(this.admitted).hasValue(2048);
		assertThatThrownBy(() -> this.reader.body(request(2048, 2048)).block())
			.hasMessage("the body is larger than 1024 bytes (taobus.webhooks.max-body-size)");
	}

	@Test
	void aDeclaredLengthTheBusCannotAdmitIs429BeforeReading() {
		RequestReader saturated = new RequestReader(ENDPOINT, (bytes) -> {
			throw new IngestionException(HttpStatus.TOO_MANY_REQUESTS, IngestionOutcome.THROTTLED, "saturated " + bytes);
		});
		assertThatThrownBy(() -> saturated.body(request(1000, 1000)).block())
			.isInstanceOfSatisfying(IngestionException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
				assertThat(ex.getMessage()).isEqualTo("saturated 1000");
			});
		assertThat(this.read).isFalse();
	}

	@Test
	void aBodyWithoutALengthIsCutAtTheLimitWhileStreaming() {
		assertThatThrownBy(() -> this.reader.body(request(-1, 4096)).block())
			.isInstanceOfSatisfying(IngestionException.class,
					(ex) -> assertThat(ex.outcome()).isEqualTo(IngestionOutcome.TOO_LARGE));
		assertThat(this.read).isTrue();
		assertThat(this.admitted).hasValue(0);
	}

	/** A request whose body is {@code size} bytes in 512-byte chunks, declaring {@code declared} bytes (-1: none). */
	MockServerHttpRequest request(long declared, int size) {
		Flux<DataBuffer> body = Flux.range(0, size / 512)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[512]))
			.cast(DataBuffer.class)
			.doOnSubscribe((subscription) -> this.read.set(true));
		MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.post("/webhooks/gh");
		if (declared >= 0) {
			request.contentLength(declared);
		}
		return request.body(body);
	}

}
