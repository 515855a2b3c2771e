package io.taobus.inbox;

import java.util.List;

/**
 * How {@link Inbox#accept} admitted a delivery, final once its stage completes (the row is committed).
 * {@link Accepted} and {@link Rerun} hand the caller a claimed row to dispatch now (answer 202);
 * {@link Duplicate} runs nothing (answer 200 with the first delivery's acknowledgement).
 */
public sealed interface Admission {

	/**
	 * A new row, born {@code pending}, claimed by this node under a lease, at attempt 1.
	 * @param ref the handle to report its outcome with
	 */
	record Accepted(DeliveryRef ref) implements Admission {
	}

	/**
	 * A resend of a {@code failed} or {@code dead} delivery: the row is {@code pending} again, claimed by
	 * this node, its attempts raised by one (and its attempt budget renewed). The sender's resend is the same
	 * event, so, like a replay, it skips the calls earlier runs completed: those read in the resend's own
	 * transaction ({@link Inbox#completedCalls}).
	 * @param ref the handle to report its outcome with
	 * @param completed the completed calls its run skips
	 */
	record Rerun(DeliveryRef ref, List<CallRecord> completed) implements Admission {

		public Rerun {
			completed = List.copyOf(completed);
		}

	}

	/**
	 * A copy of a {@code pending} or {@code completed} delivery: nothing is run again.
	 * @param first the stored row, without its body
	 */
	record Duplicate(DeliveryRecord first) implements Admission {
	}

}
