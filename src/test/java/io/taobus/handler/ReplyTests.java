package io.taobus.handler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Reply}: a concrete media type and a body, or a clear error when the handler builds it.
 */
class ReplyTests {

	@Test
	void aConcreteMediaTypeAndABody() {
		assertThat(Reply.of("application/xml", "<Response/>").contentType()).isEqualTo("application/xml");
	}

	@Test
	void whatCannotBeAnAnswerIsRefusedWhenTheHandlerBuildsIt() {
		assertThatThrownBy(() -> Reply.of("xml", "<Response/>")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("a reply's content type must be a media type, was 'xml'");
		assertThatThrownBy(() -> Reply.of("text/*", "hi")).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("a reply's content type must be concrete, was 'text/*'");
		assertThatThrownBy(() -> Reply.of("text/plain", null)).isInstanceOf(NullPointerException.class).hasMessage("body");
	}

}
