package io.taobus.inbox;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InboxListener} that cannot throw: a failing listener is logged at ERROR and ignored, so
 * that a meter's bug never undoes or stops what the inbox has committed (a listener is called after
 * the commit, on the writers' threads).
 */
final class GuardedListener implements InboxListener {

	private static final Logger logger = LoggerFactory.getLogger(GuardedListener.class);

	private final InboxListener delegate;

	private GuardedListener(InboxListener delegate) {
		this.delegate = delegate;
	}

	static InboxListener of(InboxListener listener) {
		return (listener instanceof GuardedListener) ? listener : new GuardedListener(listener);
	}

	@Override
	public void committed(int rows, long nanos) {
		guard(() -> this.delegate.committed(rows, nanos));
	}

	@Override
	public void commitFailed(int rows, Throwable failure) {
		guard(() -> this.delegate.commitFailed(rows, failure));
	}

	@Override
	public void rejected() {
		guard(this.delegate::rejected);
	}

	@Override
	public void recovered(int rows) {
		guard(() -> this.delegate.recovered(rows));
	}

	@Override
	public void retried(int rows) {
		guard(() -> this.delegate.retried(rows));
	}

	@Override
	public void replayed(int rows) {
		guard(() -> this.delegate.replayed(rows));
	}

	@Override
	public void dead(int rows) {
		guard(() -> this.delegate.dead(rows));
	}

	@Override
	public void fenced(int completions) {
		guard(() -> this.delegate.fenced(completions));
	}

	@Override
	public void deliveriesSettled(String source, DeliveryStatus status, int rows) {
		guard(() -> this.delegate.deliveriesSettled(source, status, rows));
	}

	@Override
	public void callsRecorded(String source, String deliveryId, List<CallRecord> calls) {
		guard(() -> this.delegate.callsRecorded(source, deliveryId, calls));
	}

	private static void guard(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.error("An inbox listener threw; ignored", ex);
		}
	}

}
