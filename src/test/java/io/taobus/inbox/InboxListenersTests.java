package io.taobus.inbox;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InboxListener#all}: each listener hears every event in order, and one that throws neither
 * reaches the inbox nor keeps the next one from hearing.
 */
class InboxListenersTests {

	static final CallRecord DEAD = new CallRecord("0123456789abcdef0123456789abcdef", "0", "push|received|github",
			"notify", "async", 1, CallStatus.DEAD, "error", Instant.EPOCH, 5, "java.lang.IllegalStateException", "down",
			"0123456789abcdef", null);

	@Test
	void noneOrOneListenerIsItself() {
		InboxListener one = new InboxListener() {
		};
		assertThat(InboxListener.all(List.of())).isSameAs(InboxListener.NONE);
		assertThat(InboxListener.all(List.of(one))).isSameAs(one);
	}

	@Test
	void aThrowingListenerKeepsNoOtherFromHearing() {
		List<String> heard = new CopyOnWriteArrayList<>();
		InboxListener throwing = new InboxListener() {

			@Override
			public void callsRecorded(String source, String deliveryId, List<CallRecord> calls) {
				throw new IllegalStateException("a meter's bug");
			}

			@Override
			public void deliveriesSettled(String source, DeliveryStatus status, int rows) {
				throw new IllegalStateException("a meter's bug");
			}

			@Override
			public void dead(int rows) {
				throw new IllegalStateException("a meter's bug");
			}

		};
		InboxListener recording = new InboxListener() {

			@Override
			public void callsRecorded(String source, String deliveryId, List<CallRecord> calls) {
				heard.add("calls " + source + "/" + deliveryId + " " + calls.size());
			}

			@Override
			public void deliveriesSettled(String source, DeliveryStatus status, int rows) {
				heard.add(status.value() + " " + source + " " + rows);
			}

			@Override
			public void dead(int rows) {
				heard.add("dead " + rows);
			}

			@Override
			public void committed(int rows, long nanos) {
				heard.add("committed " + rows);
			}

		};
		InboxListener all = InboxListener.all(List.of(throwing, recording));
		all.callsRecorded("github", "d1", List.of(DEAD));
		all.deliveriesSettled("github", DeliveryStatus.FAILED, 2);
		all.dead(3);
		all.committed(4, 1);
		all.rejected();
		all.recovered(1);
		all.replayed(1);
		all.fenced(1);
		all.commitFailed(1, new IllegalStateException("down"));
		assertThat(heard).containsExactly("calls github/d1 1", "failed github 2", "dead 3", "committed 4");
	}

}
