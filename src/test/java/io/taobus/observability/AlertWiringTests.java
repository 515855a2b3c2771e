package io.taobus.observability;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring of the bus's own AppCons and the ledger's meters: the operational AppCons, the ledger's
 * meters and gauges are inbox listeners; the backlog alarm runs by default, not with
 * {@code backlog-pending: 0}, and bad settings stop startup.
 */
class AlertWiringTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservabilityConfiguration.class))
		.withUserConfiguration(Infrastructure.class);

	@Test
	void theAlarmAndTheLedgersListenersAreWiredByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(BacklogAlarm.class).hasSingleBean(OperationalAppCons.class);
			assertThat(context.getBeansOfType(InboxListener.class)).containsOnlyKeys("inboxMetrics", "inboxCallGauges",
					"operationalAppCons");
		});
	}

	@Test
	void aBacklogThresholdOfZeroTurnsTheAlarmOff() {
		this.runner.withPropertyValues("taobus.observability.alerts.backlog-pending=0")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BacklogAlarm.class)
				.hasSingleBean(OperationalAppCons.class));
	}

	@Test
	void badSettingsStopStartup() {
		this.runner.withPropertyValues("taobus.observability.alerts.backlog-pending=-1")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause()
				.hasMessageContaining("backlog-pending must not be negative"));
		this.runner.withPropertyValues("taobus.observability.alerts.backlog-interval=0s")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause()
				.hasMessageContaining("backlog-interval must be positive"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Infrastructure {

		@Bean(destroyMethod = "")
		Kernel kernel() {
			return Kernel.builder().build();
		}

		@Bean(destroyMethod = "close")
		Inbox inbox() {
			return new MemoryInbox(InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry() {
			return ObservationRegistry.create();
		}

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

}
