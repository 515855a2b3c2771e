package io.taobus.inbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.PriorCall;
import io.taobus.tao.PriorCalls;
import org.jspecify.annotations.Nullable;

/**
 * How the ledger keeps what a completed call returned ({@link CallRecord#result()}) and gives it back to
 * a rerun that skips the call: a text the store keeps as it is. The inbox holds no JSON library; the
 * service's is {@code io.taobus.ingestion.JsonCallResults}. {@link #NONE} keeps nothing, so that every
 * rerun runs every call, as before the ledger kept results.
 */
public interface CallResults {

	/** Keeps nothing: no call is ever skipped. */
	CallResults NONE = new CallResults() {

		@Override
		public @Nullable String encode(HandlerCall call) {
			return null;
		}

		@Override
		public @Nullable PriorCall decode(String result) {
			return null;
		}

	};

	/**
	 * The AppCon a call ran on ({@link HandlerCall#appCon()}), as text to keep, so that a failed async call
	 * on a chained AppCon, which its delivery cannot give back, can be retried alone; never throws.
	 * @return the text, or {@code null} when nothing is kept (the AppCon cannot be written, or this keeps
	 * no AppCons): such a call is not retried on its own
	 */
	default @Nullable String encodeInput(HandlerCall call) {
		return null;
	}

	/**
	 * The AppCon a text of {@link #encodeInput} kept.
	 * @return it, or {@code null} when it can no longer be read (its data's class is gone, say)
	 */
	default @Nullable AppCon decodeInput(String input) {
		return null;
	}

	/**
	 * What a completed call returned ({@link HandlerCall#returned()}), as text to keep; never throws: what
	 * cannot be written is kept as such, a text {@link #decode} answers {@code null} for, so that the call
	 * runs again on a rerun.
	 * @return the text, or {@code null} to keep nothing
	 */
	@Nullable String encode(HandlerCall call);

	/**
	 * What a kept text says the call returned.
	 * @return it, or {@code null} when the call must run again (its result could not be written, or can no
	 * longer be read, such as a data class that is gone)
	 */
	@Nullable PriorCall decode(String result);

	/**
	 * The calls a rerun skips, from the completed calls of earlier runs ({@link Inbox#completedCalls}): the
	 * latest record of each call whose result decodes; {@code null} when there is none.
	 */
	default @Nullable PriorCalls priors(List<CallRecord> completed) {
		Map<String, PriorCall> priors = new HashMap<>();
		for (CallRecord call : completed) {
			String result = call.result();
			PriorCall prior = (result != null) ? decodeQuietly(result) : null;
			if (prior != null) {
				priors.put(call.callId(), prior);
			}
			else {
				priors.remove(call.callId());
			}
		}
		return priors.isEmpty() ? null : (id) -> priors.get(id.value());
	}

	private @Nullable PriorCall decodeQuietly(String result) {
		try {
			return decode(result);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
