package io.taobus.inbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on the lossy in-memory inbox, without the cases only a database can show. */
class MemoryInboxTests extends InboxContractTests {

	@Override
	Inbox newNode(InboxSettings settings, Clock clock, InboxListener listener) {
		return new MemoryInbox(settings, clock, listener);
	}

	@Override
	void databaseDown() {
		throw new UnsupportedOperationException();
	}

	@Override
	void databaseUp() {
		throw new UnsupportedOperationException();
	}

	@Override
	boolean database() {
		return false;
	}

	@Override
	boolean keepsCompletedBodies() {
		return false;
	}

	@Test
	void theRowBoundHoldsEvictingCompletedRowsFirst() {
		MemoryInbox inbox = new MemoryInbox(InboxSettings.defaults(), this.clock, InboxListener.NONE, 10);
		List<DeliveryRef> refs = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			refs.add(accepted(inbox, delivery("row-" + i)));
		}
		assertThatThrownBy(() -> admit(inbox, delivery("eleventh"))).as("only pending rows: full")
			.hasCauseInstanceOf(InboxUnavailableException.class).hasMessageContaining("full");
		inbox.finished(refs.get(3), Completion.Failed.of(new RuntimeException("x"), 1, 0));
		inbox.finished(refs.get(5), new Completion.Completed(1, 0));
		inbox.finished(refs.get(1), new Completion.Completed(1, 0));
		assertThat(inbox.find("github", "row-5", true).orElseThrow().bodyKept()).as("a completed body is dropped")
			.isFalse();
		for (int i = 10; i < 13; i++) {
			accepted(inbox, delivery("row-" + i));
			assertThat(inbox.size()).isLessThanOrEqualTo(10);
		}
		assertThat(inbox.find("github", "row-5", false)).as("the oldest completed first").isEmpty();
		assertThat(inbox.find("github", "row-1", false)).isEmpty();
		assertThat(inbox.find("github", "row-3", false)).as("then the oldest failed").isEmpty();
		assertThat(inbox.find("github", "row-0", false)).as("never a pending row").isPresent();
		assertThatThrownBy(() -> admit(inbox, delivery("row-13"))).hasCauseInstanceOf(InboxUnavailableException.class);
		assertThat(inbox.counters().rejected()).isEqualTo(2);
	}

}
