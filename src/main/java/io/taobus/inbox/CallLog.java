package io.taobus.inbox;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import io.taobus.tao.CallRecorder;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.PriorCalls;
import org.jspecify.annotations.Nullable;

/**
 * The calls of one run of a delivery's cascade, collected as the kernel reports them (on the calls'
 * threads, so lock-free), to be written with the delivery's outcome ({@link Inbox#finished(DeliveryRef,
 * Completion, List)}): one batch per delivery, never a statement per call. Made by
 * {@link Inbox#callLog} (or {@link Inbox#retryLog}), so that the records take the inbox's clock and the
 * run's attempt; a failed async call's retry is decided as it is recorded ({@link AsyncRetryRule}), with
 * the AppCon of one on a chained AppCon kept for its retry when the log keeps results.
 *
 * <p>A log {@link #keeping} a {@link CallResults} records what each completed call returned, and one of a
 * rerun ({@link #skipping}) gives the kernel the calls of earlier runs not to run again, recording each
 * skip ({@link CallStatus#SKIPPED}).
 */
public final class CallLog implements CallRecorder {

	private final Clock clock;

	private final int attempt;

	/** The call this log retries, whose attempt is {@link #retryAttempt}; null for a delivery's run. */
	private final @Nullable String retried;

	private final int retryAttempt;

	private final CallResults results;

	private final @Nullable PriorCalls priors;

	private final ConcurrentLinkedQueue<CallRecord> records = new ConcurrentLinkedQueue<>();

	/** The log of a run of a delivery's cascade: its calls at the delivery's attempt. */
	CallLog(Clock clock, int attempt) {
		this(clock, attempt, null, attempt, CallResults.NONE, null);
	}

	private CallLog(Clock clock, int attempt, @Nullable String retried, int retryAttempt, CallResults results,
			@Nullable PriorCalls priors) {
		this.clock = clock;
		this.attempt = attempt;
		this.retried = retried;
		this.retryAttempt = retryAttempt;
		this.results = results;
		this.priors = priors;
	}

	/** This log, before any call is recorded, keeping what each completed call returned with the results. */
	public CallLog keeping(CallResults results) {
		return new CallLog(this.clock, this.attempt, this.retried, this.retryAttempt, results, this.priors);
	}

	/**
	 * This log, before any call is recorded, for a rerun that skips the calls of earlier runs: those of
	 * {@code completed} ({@link Inbox#completedCalls}) whose results its {@link CallResults} reads.
	 */
	public CallLog skipping(List<CallRecord> completed) {
		return new CallLog(this.clock, this.attempt, this.retried, this.retryAttempt, this.results,
				this.results.priors(completed));
	}

	@Override
	public @Nullable PriorCalls priorCalls() {
		return this.priors;
	}

	@Override
	public void skipped(HandlerCall call) {
		this.records.add(CallRecord.skipped(call, this.attempt, this.clock.instant()));
	}

	/**
	 * The log of the retry of an async call: the call at its next attempt, what it chains as a first run
	 * at the delivery's attempt.
	 */
	static CallLog retry(Clock clock, DueRetry retry) {
		return new CallLog(clock, retry.delivery().attempts(), retry.call().callId(), retry.attempt(), CallResults.NONE,
				null);
	}

	@Override
	public void called(HandlerCall call) {
		int attempt = call.id().value().equals(this.retried) ? this.retryAttempt : this.attempt;
		String input = AsyncRetryRule.needsInput(call) ? input(call) : null;
		CallRecord record = AsyncRetryRule.settle(call, attempt, this.attempt, this.clock.instant(),
				ThreadLocalRandom.current()::nextDouble, input);
		this.records.add((record.status() == CallStatus.COMPLETED && this.results != CallResults.NONE)
				? record.withResult(result(call)) : record);
	}

	private @Nullable String input(HandlerCall call) {
		try {
			return this.results.encodeInput(call);
		}
		catch (RuntimeException ex) {
			return null; // kept as nothing: the call is not retried on its own
		}
	}

	private @Nullable String result(HandlerCall call) {
		try {
			return this.results.encode(call);
		}
		catch (RuntimeException ex) {
			return null; // kept as nothing: the call runs again on a rerun
		}
	}

	/**
	 * Records that the retried call could not run at all (its handler is gone, its delivery no longer
	 * becomes an AppCon): dead at its next attempt, with the reason.
	 */
	public void unrunnable(DueRetry retry, Throwable reason) {
		CallRecord failed = retry.call();
		this.records.add(new CallRecord(failed.callId(), failed.hop(), failed.trigram(), failed.handler(), failed.kind(),
				retry.attempt(), CallStatus.DEAD, "error", this.clock.instant(), 0, reason.getClass().getName(),
				reason.getMessage(), ErrorText.fingerprint(reason), null));
	}

	/** The calls recorded so far, in the order they ended. */
	public List<CallRecord> records() {
		return List.copyOf(this.records);
	}

}
