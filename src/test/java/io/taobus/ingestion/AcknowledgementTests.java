package io.taobus.ingestion;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The acknowledgement written by hand is byte for byte what Jackson writes, whatever the ids hold. */
class AcknowledgementTests {

	final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void writtenAsJacksonWritesIt() {
		for (String id : new String[] { "72d3162e-cc78-11e3", "quote\" back\\slash /", "tab\t nl\n nul\u0000 bell\u0007",
				"ünï cødé 日本 \uD83D\uDE00", "\u2028\u2029", "" }) {
			Acknowledgement accepted = new Acknowledgement(id, "github", "push", "re\"ceived", "git\\hub", null);
			assertSame(accepted);
			assertSame(accepted.asDuplicate());
		}
	}

	@Test
	void readsBackToTheSameAcknowledgement() {
		Acknowledgement duplicate = new Acknowledgement("d-1", "api", "App", "Enter", "Portal", null).asDuplicate();
		assertThat(this.mapper.readValue(duplicate.toJson(), Acknowledgement.class)).isEqualTo(duplicate);
		assertThat(new String(duplicate.toJson(), StandardCharsets.UTF_8)).endsWith(",\"duplicate\":true}");
	}

	private void assertSame(Acknowledgement acknowledgement) {
		assertThat(new String(acknowledgement.toJson(), StandardCharsets.UTF_8))
			.isEqualTo(this.mapper.writeValueAsString(acknowledgement));
	}

}
