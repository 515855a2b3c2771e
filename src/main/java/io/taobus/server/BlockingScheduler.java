package io.taobus.server;

import reactor.core.scheduler.Schedulers;

/**
 * Keeps Reactor's {@code boundedElastic} scheduler, on which WebFlux runs the actuator's blocking
 * operations (health, readiness, the Prometheus scrape), on platform threads. Spring Boot switches it to
 * Reactor's thread-per-task scheduler on virtual threads when virtual threads are enabled, and in full
 * test runs of this service a request to such an endpoint then went unanswered for 30 s and more now and
 * then, with no thread working on it and every carrier and event loop idle. Reactor reads the choice
 * once, when {@link Schedulers} is first used, so it is pinned before Boot sets it: the service's main
 * class calls {@link #pin()} first, and the tests do the same before any context starts.
 */
public final class BlockingScheduler {

	static final String PROPERTY = "reactor.schedulers.defaultBoundedElasticOnVirtualThreads";

	private BlockingScheduler() {
	}

	/** Fixes {@code boundedElastic} on platform threads for this JVM, unless the property is already set. */
	public static void pin() {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, "false");
		}
		// reading the scheduler initializes Schedulers, which reads the property once for the JVM
		Schedulers.boundedElastic();
	}

}
