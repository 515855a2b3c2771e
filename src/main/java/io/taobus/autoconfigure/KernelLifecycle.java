package io.taobus.autoconfigure;

import java.time.Duration;

import io.taobus.tao.Kernel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Drains the kernel once, at its place in the shutdown of its own context (see {@link ShutdownPhases}):
 * after readiness went down (Boot publishes {@code REFUSING_TRAFFIC} as the context starts closing)
 * and after the web server's graceful shutdown, so that the requests still in flight are admitted
 * instead of answered 503, and before what must outlive the drain (the inbox's leases) is released.
 * It waits up to {@code taobus.kernel.close-timeout}; what has not drained by then is logged with its
 * counts.
 *
 * <p>Only a close of its own context drains the kernel: a stop without a close (a paused context, as
 * in a test suite's context cache) leaves it open, and a child context's close (the management
 * context's, whose event reaches its parent's listeners) is not its own. The kernel bean has no
 * destroy method, so this is the only close.
 */
final class KernelLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

	private static final Logger logger = LoggerFactory.getLogger(KernelLifecycle.class);

	private final Kernel kernel;

	private final Duration closeTimeout;

	private @Nullable ApplicationContext context;

	private volatile boolean closing;

	private volatile boolean running;

	KernelLifecycle(Kernel kernel, Duration closeTimeout) {
		this.kernel = kernel;
		this.closeTimeout = closeTimeout;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.closing = true;
			if (!this.running) {
				// stopped before it closed (a paused context): no stop() will come
				drain();
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.closing) {
			drain();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return ShutdownPhases.KERNEL_DRAIN;
	}

	/** Refuses new AppCons and waits for the admitted ones; logs what is abandoned. */
	void drain() {
		if (this.kernel.isClosed()) {
			return;
		}
		if (!this.kernel.close(this.closeTimeout)) {
			// counted after the kernel interrupted what still ran: a handler that stops on the interrupt is
			// no longer among them
			logger.warn("The TAO kernel did not drain within taobus.kernel.close-timeout ({}): its running handlers"
					+ " were interrupted; {} AppCons still in flight, {} async calls running and {} waiting are abandoned",
					this.closeTimeout, this.kernel.pendingDispatches(), this.kernel.activeAsync(),
					this.kernel.asyncQueueDepth());
		}
	}

}
