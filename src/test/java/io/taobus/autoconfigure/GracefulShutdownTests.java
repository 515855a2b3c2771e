package io.taobus.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.taobus.server.TaobusApplication;
import io.taobus.tao.Kernel;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of a real shutdown of the whole application: readiness goes down first, the kernel is
 * still open while the web server's graceful shutdown finishes the requests in flight (so they are
 * admitted, not answered 503), it has drained by the phase where the inbox releases its leases, and
 * it is closed once.
 */
class GracefulShutdownTests {

	static final List<String> steps = new CopyOnWriteArrayList<>();

	@Test
	void readinessGoesDownThenTheWebServerFinishesThenTheKernelDrainsThenLeasesAreReleased() {
		steps.clear();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TaobusApplication.class, Probes.class)
			.profiles("e2e")
			.properties("server.port=0", "taobus.example.enabled=false")
			.run();
		Kernel kernel = context.getBean(Kernel.class);
		context.addApplicationListener((ApplicationListener<AvailabilityChangeEvent<?>>) (event) -> {
			if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
				steps.add("readiness down, kernel " + state(kernel));
			}
		});
		context.close();
		assertThat(steps).containsExactly("readiness down, kernel open",
				"before the web server's graceful shutdown, kernel open",
				"where the inbox releases its leases, kernel closed");
		assertThat(kernel.isClosed()).isTrue();
	}

	static String state(Kernel kernel) {
		return kernel.isClosed() ? "closed" : "open";
	}

	/** Lifecycle beans that note the kernel's state when their phase stops. */
	@Configuration(proxyBeanMethods = false)
	static class Probes {

		@Bean
		SmartLifecycle beforeWebServerGracefulShutdown(ObjectProvider<Kernel> kernel) {
			return new Probe(ShutdownPhases.WEB_SERVER_GRACEFUL + 1, "before the web server's graceful shutdown", kernel);
		}

		@Bean
		SmartLifecycle whereTheInboxReleasesItsLeases(ObjectProvider<Kernel> kernel) {
			return new Probe(ShutdownPhases.AFTER_KERNEL_DRAIN, "where the inbox releases its leases", kernel);
		}

	}

	record Probe(int phase, String name, ObjectProvider<Kernel> kernel, boolean[] running) implements SmartLifecycle {

		Probe(int phase, String name, ObjectProvider<Kernel> kernel) {
			this(phase, name, kernel, new boolean[1]);
		}

		@Override
		public void start() {
			this.running[0] = true;
		}

		@Override
		public void stop() {
			this.running[0] = false;
			steps.add(this.name + ", kernel " + state(this.kernel.getObject()));
		}

		@Override
		public boolean isRunning() {
			return this.running[0];
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

	}

}
