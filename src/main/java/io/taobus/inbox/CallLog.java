package io.taobus.inbox;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.taobus.tao.CallRecorder;
import io.taobus.tao.HandlerCall;

/**
 * The calls of one run of a delivery's cascade, collected as the kernel reports them (on the calls'
 * threads, so lock-free), to be written with the delivery's outcome ({@link Inbox#finished(DeliveryRef,
 * Completion, List)}): one batch per delivery, never a statement per call. Made by
 * {@link Inbox#callLog}, so that the records take the inbox's clock and the run's attempt.
 */
public final class CallLog implements CallRecorder {

	private final Clock clock;

	private final int attempt;

	private final ConcurrentLinkedQueue<CallRecord> records = new ConcurrentLinkedQueue<>();

	CallLog(Clock clock, int attempt) {
		this.clock = clock;
		this.attempt = attempt;
	}

	@Override
	public void called(HandlerCall call) {
		this.records.add(CallRecord.of(call, this.attempt, this.clock.instant()));
	}

	/** The calls recorded so far, in the order they ended. */
	public List<CallRecord> records() {
		return List.copyOf(this.records);
	}

}
