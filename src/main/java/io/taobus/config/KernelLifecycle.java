package io.taobus.config;

import io.taobus.tao.Kernel;

import org.springframework.context.SmartLifecycle;

/**
 * Closes the kernel first when the application stops, before the web server's graceful shutdown:
 * deliveries that still arrive get 503 (and are retried by their senders) while the work already
 * admitted drains, up to {@code taobus.kernel.close-timeout}.
 */
final class KernelLifecycle implements SmartLifecycle {

	private final Kernel kernel;

	private volatile boolean running;

	KernelLifecycle(Kernel kernel) {
		this.kernel = kernel;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.kernel.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
