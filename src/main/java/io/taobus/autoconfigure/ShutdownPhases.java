package io.taobus.autoconfigure;

import org.springframework.context.SmartLifecycle;

/**
 * The order of a graceful shutdown, as {@link SmartLifecycle} phases (a higher phase stops first):
 * <ol>
 * <li>readiness goes down as the context starts closing (Boot's {@code REFUSING_TRAFFIC}); in
 * Kubernetes the pod's {@code preStop} hook has already waited for its endpoints to be removed;</li>
 * <li>the web server stops accepting and finishes its requests (Boot's graceful shutdown, phase
 * {@link #WEB_SERVER_GRACEFUL}, up to {@code spring.lifecycle.timeout-per-shutdown-phase});</li>
 * <li>the kernel drains, once ({@link #KERNEL_DRAIN}, up to {@code taobus.kernel.close-timeout});</li>
 * <li>what must outlive the drain is released: a component that holds deliveries (leases of a
 * durable inbox) stops in phase {@link #AFTER_KERNEL_DRAIN};</li>
 * <li>the web server itself stops (Boot's phase {@link #WEB_SERVER_STOP}), then beans are destroyed.</li>
 * </ol>
 */
public final class ShutdownPhases {

	/** Boot's {@code WebServerGracefulShutdownLifecycle}. */
	public static final int WEB_SERVER_GRACEFUL = SmartLifecycle.DEFAULT_PHASE - 1024;

	/** The kernel drains once no request can reach it any more. */
	public static final int KERNEL_DRAIN = SmartLifecycle.DEFAULT_PHASE - 1280;

	/** Where a component joins that must stop after the kernel has drained, such as the inbox's leases. */
	public static final int AFTER_KERNEL_DRAIN = SmartLifecycle.DEFAULT_PHASE - 1536;

	/** Boot's {@code WebServerStartStopLifecycle}. */
	public static final int WEB_SERVER_STOP = SmartLifecycle.DEFAULT_PHASE - 2048;

	private ShutdownPhases() {
	}

}
