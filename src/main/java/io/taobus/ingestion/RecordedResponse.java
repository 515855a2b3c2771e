package io.taobus.ingestion;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The bytes a request/response delivery is answered with, in the one form that is both answered and
 * recorded with its outcome ({@code inbox_delivery.response}, {@link ResponseEncoder}): JSON as it is,
 * or an answer of another content type framed as {@code NUL <content type> LF <body>} (no JSON text
 * starts with a NUL byte, so the two never mix). Read back, in this one place, by whatever answers or
 * shows a response: the sender's answer, the follow-up post of a late one, the delivery's view.
 *
 * @param contentType the answer's content type, or {@code null} for JSON
 * @param body the answer's bytes; empty for no body
 */
public record RecordedResponse(@Nullable String contentType, byte[] body) {

	private static final byte FRAMED = 0;

	private static final byte END_OF_TYPE = '\n';

	public RecordedResponse {
		Objects.requireNonNull(body, "body");
	}

	/** The bytes of an answer of a content type other than JSON. */
	public static byte[] framed(String contentType, byte[] body) {
		if (contentType.indexOf(END_OF_TYPE) >= 0 || contentType.indexOf(FRAMED) >= 0) {
			throw new IllegalArgumentException("a content type cannot hold a line feed or a NUL: '" + contentType + "'");
		}
		byte[] type = contentType.getBytes(StandardCharsets.UTF_8);
		byte[] framed = new byte[2 + type.length + body.length];
		framed[0] = FRAMED;
		System.arraycopy(type, 0, framed, 1, type.length);
		framed[1 + type.length] = END_OF_TYPE;
		System.arraycopy(body, 0, framed, 2 + type.length, body.length);
		return framed;
	}

	/** What recorded or answered bytes say: a framed answer's type and body, or JSON. */
	public static RecordedResponse read(byte[] bytes) {
		if (bytes.length > 0 && bytes[0] == FRAMED) {
			for (int i = 1; i < bytes.length; i++) {
				if (bytes[i] == END_OF_TYPE) {
					return new RecordedResponse(new String(bytes, 1, i - 1, StandardCharsets.UTF_8),
							Arrays.copyOfRange(bytes, i + 1, bytes.length));
				}
			}
		}
		return new RecordedResponse(null, bytes);
	}

	/** Whether the answer has no body (an empty 200). */
	public boolean empty() {
		return this.body.length == 0;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof RecordedResponse that) && Objects.equals(this.contentType, that.contentType)
				&& Arrays.equals(this.body, that.body);
	}

	@Override
	public int hashCode() {
		return 31 * Objects.hashCode(this.contentType) + Arrays.hashCode(this.body);
	}

	@Override
	public String toString() {
		return "RecordedResponse[" + ((this.contentType != null) ? this.contentType : "JSON") + ", " + this.body.length
				+ " bytes]";
	}

}
