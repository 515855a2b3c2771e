package io.taobus.config;

import java.time.Duration;

import io.taobus.tao.Kernel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Closes the kernel as soon as the application context starts closing, before the web server's
 * graceful shutdown: deliveries that still arrive get 503 (and are retried by their senders) while
 * the work already admitted drains, up to {@code taobus.kernel.close-timeout}; what has not drained by
 * then is logged with its counts. (A lifecycle stop is not used: a paused context, as in a test
 * suite's context cache, must come back with its kernel.)
 */
final class KernelLifecycle implements ApplicationListener<ContextClosedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(KernelLifecycle.class);

	private final Kernel kernel;

	private final Duration closeTimeout;

	KernelLifecycle(Kernel kernel, Duration closeTimeout) {
		this.kernel = kernel;
		this.closeTimeout = closeTimeout;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (!this.kernel.close(this.closeTimeout)) {
			logger.warn("The TAO kernel did not drain within taobus.kernel.close-timeout ({}): {} AppCons still in flight,"
					+ " {} async calls running and {} waiting are abandoned", this.closeTimeout,
					this.kernel.pendingDispatches(), this.kernel.activeAsync(), this.kernel.asyncQueueDepth());
		}
	}

}
