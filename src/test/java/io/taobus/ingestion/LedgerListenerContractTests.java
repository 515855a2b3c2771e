package io.taobus.ingestion;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.taobus.inbox.Admission;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallStatus;
import io.taobus.inbox.CallTally;
import io.taobus.inbox.ClaimedDelivery;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.DueRetry;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MutableClock;
import io.taobus.inbox.NewDelivery;
import io.taobus.inbox.ReplayOutcome;
import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the inbox tells its {@link InboxListener} of the ledger and of settled deliveries, on every store
 * (each runner says which): the calls of a run and of each retry once committed, with the status the
 * ledger gave them (retrying, then dead); a run that failed and a delivery gone dead, by source; and
 * {@link Inbox#callTallies()}: per handler, the calls whose last record is retrying or dead, so that a
 * dead call run again no longer counts. Backoffs run on the test's clock.
 */
abstract class LedgerListenerContractTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	static final Trigram PUSH = Trigram.of("push", "received", "github");

	final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	final Heard heard = new Heard();

	private final List<Runnable> stops = new ArrayList<>();

	/** A new inbox on this test's store, telling the listener. */
	abstract Inbox openInbox(InboxSettings settings, Clock clock, InboxListener listener);

	/** Closes the store, once its inboxes have closed. */
	void closeStore() throws Exception {
	}

	record Node(Inbox inbox, Kernel kernel, DeliveryDispatcher dispatcher) {
	}

	Node node(InboxSettings settings, Consumer<Kernel> handlers) {
		Kernel kernel = Kernel.builder().build();
		handlers.accept(kernel);
		Inbox inbox = openInbox(settings, this.clock, this.heard);
		AppConRebuilder rebuilder = (record, body, metadata) -> AppCon.of(PUSH, new String(body, StandardCharsets.UTF_8));
		this.stops.add(() -> {
			kernel.close(Duration.ofSeconds(5));
			inbox.close();
		});
		return new Node(inbox, kernel, new DeliveryDispatcher(inbox, kernel, List.of(rebuilder)));
	}

	@AfterEach
	void stop() throws Exception {
		this.stops.forEach(Runnable::run);
		closeStore();
	}

	NewDelivery delivery(String id) {
		return new NewDelivery("github", id, "push", "received", "github", "application/json",
				Map.of("x-github-event", "push"), ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
				this.clock.instant());
	}

	DeliveryRef deliver(Node node, NewDelivery delivery) {
		Admission admission = node.inbox().accept(delivery).toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
		DeliveryRef ref = ((Admission.Accepted) admission).ref();
		node.dispatcher().dispatch(ref, AppCon.of(PUSH, new String(delivery.body(), StandardCharsets.UTF_8)),
				delivery.body().length, System.nanoTime(), UnaryOperator.identity());
		return ref;
	}

	void retryDue(Node node) {
		List<DueRetry> due = node.inbox().claimDueRetries(64);
		assertThat(due).as("retries due").isNotEmpty();
		due.forEach(node.dispatcher()::retry);
	}

	@Test
	void theLedgersCallsAreHeardOnceCommittedRetryingThenDeadAndTalliedByTheirLastRecord() {
		Node node = node(InboxSettings.defaults(), (kernel) -> {
			kernel.addInlineHandler(PUSH, "build", (appCon) -> null);
			kernel.addAsyncHandler(PUSH, "sync-crm", null, new AsyncRetries(1, Duration.ofMinutes(1)), (appCon) -> {
				throw new IllegalStateException("crm rejects the token");
			});
		});
		deliver(node, delivery("crm"));
		List<CallRecord> first = await().atMost(WAIT).until(() -> this.heard.calls("crm"), (calls) -> calls.size() == 2);
		assertThat(first).extracting(CallRecord::handler, CallRecord::status).containsExactlyInAnyOrder(
				org.assertj.core.groups.Tuple.tuple("build", CallStatus.COMPLETED),
				org.assertj.core.groups.Tuple.tuple("sync-crm", CallStatus.RETRYING));
		assertThat(this.heard.sources).containsOnly("github");
		assertThat(node.inbox().callTallies()).containsExactly(new CallTally("sync-crm", "async", 1, 0));

		this.clock.advance(Duration.ofMinutes(2));
		retryDue(node);
		List<CallRecord> all = await().atMost(WAIT).until(() -> this.heard.calls("crm"), (calls) -> calls.size() == 3);
		assertThat(all.getLast().status()).isEqualTo(CallStatus.DEAD);
		assertThat(all.getLast().fingerprint()).isNotNull();
		assertThat(node.inbox().callTallies()).containsExactly(new CallTally("sync-crm", "async", 0, 1));
		assertThat(this.heard.settled).as("the delivery completed: no failed run").isEmpty();
	}

	@Test
	void aDeadCallRunAgainIsNoLongerTalliedDead() {
		java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
		Node node = node(InboxSettings.defaults(), (kernel) -> kernel.addAsyncHandler(PUSH, "sync-crm", null,
				new AsyncRetries(0, Duration.ofMinutes(1)), (appCon) -> {
					if (runs.incrementAndGet() == 1) {
						throw new IllegalStateException("crm rejects the token");
					}
					return null; // fixed
				}));
		deliver(node, delivery("crm"));
		await().atMost(WAIT).until(() -> node.inbox().callTallies(), (tallies) -> !tallies.isEmpty());
		assertThat(node.inbox().callTallies()).containsExactly(new CallTally("sync-crm", "async", 0, 1));

		// run again (a replay), the dead call is no longer dead: its last record is the rerun's
		assertThat(node.inbox().replay("github", "crm")).isEqualTo(ReplayOutcome.REPLAYED);
		List<ClaimedDelivery> claimed = await().atMost(WAIT).until(() -> node.inbox().claimExpired(64),
				(rows) -> !rows.isEmpty());
		claimed.forEach(node.dispatcher()::redispatch);
		await().atMost(WAIT).until(() -> this.heard.calls("crm").size() == 2);
		assertThat(this.heard.calls("crm")).extracting(CallRecord::status).containsExactly(CallStatus.DEAD, CallStatus.COMPLETED);
		assertThat(node.inbox().calls("github", "crm")).extracting(CallRecord::status).as("the dead record stays on the timeline")
			.contains(CallStatus.DEAD);
		assertThat(node.inbox().callTallies()).isEmpty();
	}

	@Test
	void aFailedRunIsHeardBySourceWithItsFailedCall() {
		Node node = node(InboxSettings.defaults(), (kernel) -> kernel.addInlineHandler(PUSH, "book", (appCon) -> {
			throw new IllegalStateException("the ledger is broken");
		}));
		deliver(node, delivery("broken"));
		await().atMost(WAIT).until(() -> this.heard.settled, (settled) -> !settled.isEmpty());
		assertThat(this.heard.settled).containsExactly("github failed 1");
		assertThat(this.heard.calls("broken")).extracting(CallRecord::status).containsExactly(CallStatus.FAILED);
		assertThat(node.inbox().callTallies()).as("a failed inline call neither retries nor is dead").isEmpty();
	}

	@Test
	void aDeliveryGoneDeadAtMaxAttemptsIsHeardBySource() {
		// a lease of 1 ms and one attempt: the next claim after its lease kills the row it never finished
		Node node = node(InboxSettings.defaults().withLeaseDuration(Duration.ofMillis(1)).withMaxAttempts(1),
				(kernel) -> {
				});
		NewDelivery delivery = delivery("stuck");
		node.inbox().accept(delivery).toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
		await().atMost(WAIT).until(() -> {
			this.clock.advance(Duration.ofMillis(10)); // the memory inbox's leases run on the test's clock
			assertThat(node.inbox().claimExpired(64)).as("past max-attempts: killed, not claimed").isEmpty();
			return this.heard.settled.contains("github dead 1");
		});
		assertThat(node.inbox().find("github", "stuck", false).orElseThrow().status()).isEqualTo(DeliveryStatus.DEAD);
	}

	/** What the inbox told. */
	static final class Heard implements InboxListener {

		final List<String> settled = new CopyOnWriteArrayList<>();

		final List<String> sources = new CopyOnWriteArrayList<>();

		final Map<String, List<CallRecord>> calls = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public void deliveriesSettled(String source, DeliveryStatus status, int rows) {
			this.settled.add(source + " " + status.value() + " " + rows);
		}

		@Override
		public void callsRecorded(String source, String deliveryId, List<CallRecord> records) {
			this.sources.add(source);
			this.calls.computeIfAbsent(deliveryId, (key) -> new CopyOnWriteArrayList<>()).addAll(records);
		}

		List<CallRecord> calls(String deliveryId) {
			return List.copyOf(this.calls.getOrDefault(deliveryId, List.of()));
		}

	}

}
