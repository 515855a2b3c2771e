package io.taobus.api;

import java.time.Duration;

import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The live stream's pattern and its bounded buffer: a slow client is dropped, never waited for. */
class LiveStreamTests {

	@Test
	void liveStreamFiltersAndDropsASlowClient() {
		LiveStream stream = new LiveStream(4);
		StepVerifier.create(stream.subscribe(Trigram.of("Watch", null, null)), 0)
			.then(() -> {
				stream.appConDispatched(AppCon.of(Trigram.of("Other", "a", "o"), null), true);
				for (int i = 0; i < 5; i++) {
					stream.appConDispatched(AppCon.of(Trigram.of("Watch", "a", "o"), i), true);
				}
			})
			.thenRequest(10)
			.expectNextCount(4)
			.expectError(LiveStream.SlowClientException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(stream.subscribers()).isZero();
	}

}
