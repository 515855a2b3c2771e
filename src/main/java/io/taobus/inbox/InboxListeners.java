package io.taobus.inbox;

import java.util.List;

/**
 * Several {@link InboxListener}s heard as one ({@link InboxListener#all}): the meters and the
 * operational AppCons of the integration, say. Each is guarded, so that one that throws neither
 * undoes what the inbox committed nor keeps the next one from hearing it.
 */
final class InboxListeners implements InboxListener {

	private final List<InboxListener> listeners;

	InboxListeners(List<InboxListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void committed(int rows, long nanos) {
		this.listeners.forEach((listener) -> listener.committed(rows, nanos));
	}

	@Override
	public void commitFailed(int rows, Throwable failure) {
		this.listeners.forEach((listener) -> listener.commitFailed(rows, failure));
	}

	@Override
	public void rejected() {
		this.listeners.forEach(InboxListener::rejected);
	}

	@Override
	public void recovered(int rows) {
		this.listeners.forEach((listener) -> listener.recovered(rows));
	}

	@Override
	public void replayed(int rows) {
		this.listeners.forEach((listener) -> listener.replayed(rows));
	}

	@Override
	public void dead(int rows) {
		this.listeners.forEach((listener) -> listener.dead(rows));
	}

	@Override
	public void fenced(int completions) {
		this.listeners.forEach((listener) -> listener.fenced(completions));
	}

	@Override
	public void deliveriesSettled(String source, DeliveryStatus status, int rows) {
		this.listeners.forEach((listener) -> listener.deliveriesSettled(source, status, rows));
	}

	@Override
	public void callsRecorded(String source, String deliveryId, List<CallRecord> calls) {
		this.listeners.forEach((listener) -> listener.callsRecorded(source, deliveryId, calls));
	}

}
