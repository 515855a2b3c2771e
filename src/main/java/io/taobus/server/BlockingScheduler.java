package io.taobus.server;

import reactor.core.scheduler.Schedulers;

/**
 * Keeps Reactor's {@code boundedElastic} scheduler, on which WebFlux runs the actuator's blocking
 * operations (health, readiness, the Prometheus scrape), on platform threads. Spring Boot switches it to
 * Reactor's thread-per-task scheduler on virtual threads when virtual threads are enabled. Pinned when
 * full test runs saw such requests go unanswered for 30 s; that turned out to be Reactor Netty's
 * (reactor/reactor-netty#4361, the version in the pom, KeepAliveTests), and the pin stays: these
 * endpoints block on the store, each within a deadline of its own, and a small pool of platform threads
 * serves them without a new thread per probe. Reactor reads the choice
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
