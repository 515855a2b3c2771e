package io.taobus.handler;

import java.util.Objects;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * An answer that is not JSON, for a webhook source with {@code reply.mode: sync}: a response handler
 * ({@link TaoResponse}) sets it as its response AppCon's term data, and the sender is answered with the
 * body as it is (in UTF-8) under the content type, such as TwiML's {@code application/xml} or a
 * {@code text/plain} line. Any other term data is written as JSON. The same body and type are recorded with
 * the delivery, and posted to a follow-up URL when the answer comes late.
 *
 * @param contentType the answer's media type, checked here
 * @param body the answer's text
 */
public record Reply(String contentType, String body) {

	public Reply {
		Objects.requireNonNull(contentType, "contentType");
		Objects.requireNonNull(body, "body");
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			if (type.isWildcardType() || type.isWildcardSubtype()) {
				throw new IllegalArgumentException("a reply's content type must be concrete, was '" + contentType + "'");
			}
		}
		catch (InvalidMediaTypeException ex) {
			throw new IllegalArgumentException("a reply's content type must be a media type, was '" + contentType + "': "
					+ ex.getMessage(), ex);
		}
	}

	/** A reply of a body under a content type. */
	public static Reply of(String contentType, String body) {
		return new Reply(contentType, body);
	}

}
