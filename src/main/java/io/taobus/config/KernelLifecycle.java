package io.taobus.config;

import io.taobus.tao.Kernel;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Closes the kernel as soon as the application context starts closing, before the web server's
 * graceful shutdown: deliveries that still arrive get 503 (and are retried by their senders) while
 * the work already admitted drains, up to {@code taobus.kernel.close-timeout}. (A lifecycle stop is
 * not used: a paused context, as in a test suite's context cache, must come back with its kernel.)
 */
final class KernelLifecycle implements ApplicationListener<ContextClosedEvent> {

	private final Kernel kernel;

	KernelLifecycle(Kernel kernel) {
		this.kernel = kernel;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.kernel.close();
	}

}
