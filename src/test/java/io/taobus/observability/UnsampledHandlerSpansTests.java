package io.taobus.observability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery in a trace that is not sampled opens no handler span: its handler calls run outside any
 * {@value HandlerObservation#NAME} observation (nobody would record their spans), while the delivery's
 * own observation and the handlers' meters stay. {@link HandlerSpansTests} shows the spans of a sampled
 * one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.tracing.sampling.probability=0.0")
@ActiveProfiles("e2e")
@Import({ ScrapeTraffic.Handlers.class, UnsampledHandlerSpansTests.Started.class })
class UnsampledHandlerSpansTests {

	@LocalServerPort
	int port;

	@Autowired
	Kernel kernel;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Names started;

	@Test
	void theHandlerCallsOfAnUnsampledDeliveryOpenNoObservation() throws Exception {
		new ScrapeTraffic(this.port).deliver("opened");
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.started.names).contains(DeliveryObservation.NAME).doesNotContain(HandlerObservation.NAME);
		assertThat(this.meters.find("tao.handler.duration").tag("handler", "PullHandlers#book").timers()).isNotEmpty();
	}

	/** The names of the observations the application starts. */
	static final class Names implements ObservationHandler<Observation.Context> {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			this.names.add(context.getName());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Started {

		@Bean
		Names startedObservations() {
			return new Names();
		}

	}

}
