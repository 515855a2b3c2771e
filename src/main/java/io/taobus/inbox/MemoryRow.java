package io.taobus.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** One row of the {@link MemoryInbox}, mutated under its lock only; mirrors the table's columns. */
final class MemoryRow {

	final long id;

	private NewDelivery delivery;

	DeliveryStatus status = DeliveryStatus.PENDING;

	int attempts;

	int attemptBase;

	boolean replay;

	@Nullable String owner;

	Instant leaseUntil;

	@Nullable Instant completedAt;

	int handlerCalls;

	int asyncErrors;

	@Nullable String lastError;

	byte @Nullable [] body;

	/** The first ledger row a rerun skips the completed calls from ({@code rerun_from}). */
	long rerunFrom;

	/** The automatic retries of failed cascades run since it last started afresh ({@code retries}). */
	int retries;

	/** When its next automatic retry is due, on the inbox's clock ({@code retry_at}); null when none waits. */
	@Nullable Instant retryAt;

	/** The response recorded by the first run that gave one. */
	byte @Nullable [] response;

	/** The ledger of its handler calls ({@code inbox_handler_call}), in the order recorded. */
	final List<Call> calls = new ArrayList<>();

	/** One row of the ledger: a record, and the lease of a node running its retry. */
	static final class Call {

		final long id;

		CallRecord record;

		@Nullable String owner;

		@Nullable Instant leaseUntil;

		Call(long id, CallRecord record) {
			this.id = id;
			this.record = record;
		}

	}

	/**
	 * Drops the body, and the results its calls kept for reruns with it (as {@code Retention} does): they may
	 * hold payload, and nothing can rerun without the body.
	 */
	void dropBody() {
		this.body = null;
		for (Call call : this.calls) {
			if (call.record.result() != null) {
				call.record = call.record.withResult(null);
			}
		}
	}

	/** Whether one of its async calls waits for a retry, which needs the body. */
	boolean retryPending() {
		return this.calls.stream().anyMatch((call) -> call.record.status() == CallStatus.RETRYING);
	}

	/**
	 * Whether one of its calls is dead and has not run again since (no later record of the same call),
	 * the rule of {@code Retention.DEAD_CALL}: such a row keeps its body, so that a replay can run it.
	 */
	boolean deadCall() {
		for (Call call : this.calls) {
			if (call.record.status() == CallStatus.DEAD && this.calls.stream()
				.noneMatch((later) -> later.id > call.id && later.record.callId().equals(call.record.callId()))) {
				return true;
			}
		}
		return false;
	}

	/** Whether its body must be kept past its run: a call of it waits for a retry or is dead. */
	boolean callsWait() {
		return retryPending() || deadCall();
	}

	/**
	 * Whether one of its calls fails now: its latest attempt is {@code failed} or {@code dead}; of this
	 * handler and this error class when they are given (the rule of {@link DeliveryFilters}).
	 */
	boolean failing(@Nullable String handler, @Nullable String errorClass) {
		for (Call call : this.calls) {
			CallRecord record = call.record;
			if ((record.status() == CallStatus.FAILED || record.status() == CallStatus.DEAD)
					&& (handler == null || handler.equals(record.handler()))
					&& (errorClass == null || errorClass.equals(record.errorClass()))
					&& this.calls.stream().noneMatch((later) -> later.record.callId().equals(record.callId())
							&& later.record.attempt() > record.attempt())) {
				return true;
			}
		}
		return false;
	}

	/** Ends its pending retries: the row ran again, and so did their calls. */
	void supersedeRetries() {
		for (Call call : this.calls) {
			if (call.record.status() == CallStatus.RETRYING) {
				call.record = call.record.with(CallStatus.FAILED, null);
				call.owner = null;
				call.leaseUntil = null;
			}
		}
	}

	MemoryRow(long id, NewDelivery delivery, Instant now) {
		this.id = id;
		this.delivery = delivery;
		this.body = delivery.body();
		this.leaseUntil = now;
	}

	DeliveryKey key() {
		return this.delivery.key();
	}

	String source() {
		return this.delivery.source();
	}

	Instant receivedAt() {
		return this.delivery.receivedAt();
	}

	DeliveryRef ref() {
		return new DeliveryRef(this.id, this.delivery.source(), this.delivery.deliveryId(), this.attempts);
	}

	void claim(String node, Instant leaseEnd) {
		this.attempts++;
		this.owner = node;
		this.leaseUntil = leaseEnd;
	}

	/**
	 * Runs a failed or dead row again with what the resend brought (body, headers, content type), as the
	 * JDBC inbox does; its trigram and first arrival stay, and so does the point its completed calls are
	 * skipped from.
	 */
	void rerun(NewDelivery resend) {
		NewDelivery first = this.delivery;
		this.delivery = new NewDelivery(first.source(), first.deliveryId(), first.term(), first.action(), first.orient(),
				resend.contentType(), resend.headers(), resend.body(), first.receivedAt());
		this.status = DeliveryStatus.PENDING;
		this.attemptBase = this.attempts;
		this.replay = false;
		this.body = resend.body();
		this.completedAt = null;
		this.retries = 0;
		this.retryAt = null;
	}

	/** The id the next ledger row of this delivery will have at least. */
	private long nextCallRow() {
		return this.calls.stream().mapToLong((call) -> call.id).max().orElse(0) + 1;
	}

	/** The completed calls a rerun may skip, as {@code CallRows.completed} selects them. */
	List<CallRecord> completedCalls() {
		return this.calls.stream()
			.filter((call) -> call.id >= this.rerunFrom && call.record.status() == CallStatus.COMPLETED
					&& call.record.result() != null)
			.map((call) -> call.record)
			.toList();
	}

	void markReplay(Instant now, ReplayScope scope) {
		this.status = DeliveryStatus.PENDING;
		this.attemptBase = this.attempts;
		this.retries = 0;
		this.retryAt = null;
		if (scope == ReplayScope.ALL) {
			this.rerunFrom = nextCallRow();
		}
		this.replay = true;
		this.owner = null;
		this.leaseUntil = now;
		this.completedAt = null;
	}

	/**
	 * A failed run's retry ({@link DeliveryRetryRule}): due at {@code next}, its crash budget renewed; dead
	 * when none is due.
	 */
	void failed(@Nullable Instant next) {
		if (next == null) {
			this.status = DeliveryStatus.DEAD;
			return;
		}
		this.retryAt = next;
		this.attemptBase = this.attempts;
	}

	/** Claims a failed row whose retry came due: pending again, one attempt and one retry more. */
	void retry(String node, Instant leaseEnd) {
		this.status = DeliveryStatus.PENDING;
		this.retries++;
		this.retryAt = null;
		this.completedAt = null;
		claim(node, leaseEnd);
	}

	void release(Instant now) {
		this.owner = null;
		this.leaseUntil = now;
		this.attemptBase++;
	}

	void kill(Instant now, int maxAttempts) {
		this.lastError = "dead: dispatched " + (this.attempts - this.attemptBase)
				+ " times without finishing (max-attempts " + maxAttempts + ")";
		this.status = DeliveryStatus.DEAD;
		this.owner = null;
		this.completedAt = now;
	}

	void settle(Completion completion, Instant now) {
		this.owner = null;
		this.completedAt = now;
		this.replay = false;
		switch (completion) {
			case Completion.Completed completed -> {
				this.status = DeliveryStatus.COMPLETED;
				this.lastError = null;
				this.handlerCalls = completed.handlerCalls();
				this.asyncErrors = completed.asyncErrors();
			}
			case Completion.Failed failed -> {
				this.status = DeliveryStatus.FAILED;
				this.handlerCalls = failed.handlerCalls();
				this.asyncErrors = failed.asyncErrors();
				this.lastError = failed.describe();
			}
		}
	}

	DeliveryRecord record(boolean withBody) {
		NewDelivery d = this.delivery;
		return new DeliveryRecord(this.id, d.source(), d.deliveryId(), this.status, this.attempts, d.term(), d.action(),
				d.orient(), d.contentType(), d.headers(), d.receivedAt(), this.completedAt, this.handlerCalls,
				this.asyncErrors, this.lastError, withBody ? this.body : null, this.body != null,
				withBody ? this.response : null, this.retryAt);
	}

}
