package io.taobus.autoconfigure;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxRecovery;
import io.taobus.inbox.Redispatcher;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Runs the inbox's recovery ({@link InboxRecovery}: lease renewal, claims of expired leases handed to
 * the {@link Redispatcher}, retention) while the application runs. It starts once the context is
 * refreshed, when every handler is registered, so that a restarted node picks up what its predecessor
 * left. Claims stop first thing when the context closes, before the kernel (see {@link KernelLifecycle}),
 * so that no row is claimed, its attempt counted, only to be refused by a closing bus (a round already
 * running finishes, its claims handed to the still open bus). Lease renewal goes on while the web
 * server finishes its requests and the kernel drains, so that no other node claims a delivery this one
 * is still running, and stops in phase {@link ShutdownPhases#AFTER_KERNEL_DRAIN}.
 */
final class InboxRecoveryLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, Ordered {

	private final Inbox inbox;

	private final Redispatcher redispatcher;

	private final InboxProperties properties;

	private @Nullable InboxRecovery recovery;

	InboxRecoveryLifecycle(Inbox inbox, Redispatcher redispatcher, InboxProperties properties) {
		this.inbox = inbox;
		this.redispatcher = redispatcher;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		if (this.recovery == null) {
			this.recovery = InboxRecovery.start(this.inbox, this.redispatcher, this.properties.settings().renewInterval(),
					this.properties.claimInterval(), this.properties.purgeInterval());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.recovery != null) {
			this.recovery.close();
			this.recovery = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.recovery != null;
	}

	@Override
	public synchronized void onApplicationEvent(ContextClosedEvent event) {
		if (this.recovery != null) {
			this.recovery.stopClaiming();
		}
	}

	/**
	 * Renewal stops once the kernel has drained. The lower phase also starts recovery before the
	 * kernel's lifecycle, whose start only marks it running: the kernel is open from its construction.
	 */
	@Override
	public int getPhase() {
		return ShutdownPhases.AFTER_KERNEL_DRAIN;
	}

	/** Before {@link KernelLifecycle}, which listens to the same event at the lowest precedence. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
