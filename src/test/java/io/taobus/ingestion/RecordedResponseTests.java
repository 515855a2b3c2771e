package io.taobus.ingestion;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RecordedResponse}: JSON reads back as JSON, a framed answer as its type and body (a body with
 * line feeds and NULs of its own included), no body as empty; a type that would break the frame is refused.
 */
class RecordedResponseTests {

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void jsonReadsBackAsItIs() {
		assertThat(RecordedResponse.read(utf8("{\"text\":\"hi\"}")))
			.isEqualTo(new RecordedResponse(null, utf8("{\"text\":\"hi\"}")));
		assertThat(RecordedResponse.read(new byte[0]).empty()).isTrue();
	}

	@Test
	void aFramedAnswerReadsBackAsItsTypeAndBody() {
		byte[] body = utf8("line one\nline two\u0000 and a NUL");
		byte[] framed = RecordedResponse.framed("text/plain;charset=UTF-8", body);
		assertThat(framed[0]).as("no JSON text starts so").isZero();
		assertThat(RecordedResponse.read(framed)).isEqualTo(new RecordedResponse("text/plain;charset=UTF-8", body));
		assertThat(RecordedResponse.read(RecordedResponse.framed("application/xml", new byte[0])))
			.isEqualTo(new RecordedResponse("application/xml", new byte[0]));
	}

	@Test
	void aTypeThatWouldBreakTheFrameIsRefused() {
		assertThatThrownBy(() -> RecordedResponse.framed("text/plain\nX-Evil: 1", new byte[0]))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line feed");
	}

}
