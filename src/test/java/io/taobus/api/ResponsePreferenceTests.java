package io.taobus.api;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ResponsePreference}: RFC 7240's {@code wait} and {@code respond-async}, the default and the
 * bound, and what a server ignores (unreadable values, a repeated preference after its first).
 */
class ResponsePreferenceTests {

	final ApiProperties properties = new ApiProperties(null, new ApiProperties.Tokens(List.of(), List.of(), List.of()),
			Duration.ofSeconds(3), Duration.ofSeconds(30));

	@Test
	void withoutAPreferenceTheDefaultWaitAndA504() {
		assertThat(ResponsePreference.of(List.of(), this.properties))
			.isEqualTo(new ResponsePreference(Duration.ofSeconds(3), false, false));
	}

	@Test
	void waitAndRespondAsyncAreReadInAnyCaseOrderAndHeader() {
		assertThat(ResponsePreference.of(List.of("Respond-Async; x=y", "WAIT=10"), this.properties))
			.isEqualTo(new ResponsePreference(Duration.ofSeconds(10), true, true));
		assertThat(ResponsePreference.of(List.of("handling=lenient, wait=\"7\", respond-async"), this.properties))
			.isEqualTo(new ResponsePreference(Duration.ofSeconds(7), true, true));
	}

	@Test
	void aLongerWaitIsCutToTheBound() {
		assertThat(ResponsePreference.of(List.of("wait=3600"), this.properties).timeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void unreadableWaitsAreIgnoredAndOnlyTheFirstCounts() {
		for (String unreadable : List.of("wait=soon", "wait=-5", "wait=0", "wait=", "wait=1.5", "wait=99999999999")) {
			assertThat(ResponsePreference.of(List.of(unreadable), this.properties).timeout())
				.as(unreadable).isEqualTo(Duration.ofSeconds(3));
		}
		assertThat(ResponsePreference.of(List.of("wait=5", "wait=20"), this.properties).timeout())
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void badSettingsStopStartup() {
		assertThatThrownBy(() -> new ApiProperties(null, this.properties.tokens(),
				Duration.ZERO, Duration.ofSeconds(30))).hasMessageContaining("response-timeout must be positive");
		assertThatThrownBy(() -> new ApiProperties(null, this.properties.tokens(),
				Duration.ofSeconds(10), Duration.ofSeconds(5))).hasMessageContaining("must not be shorter");
	}

}
