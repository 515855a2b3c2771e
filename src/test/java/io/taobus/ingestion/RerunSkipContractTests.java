package io.taobus.ingestion;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallStatus;
import io.taobus.inbox.ClaimedDelivery;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.NewDelivery;
import io.taobus.inbox.ReplayOutcome;
import io.taobus.inbox.ReplayScope;
import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.Kernel;
import io.taobus.tao.NonRetryableException;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rerun of a delivery (a replay, a recovery, the automatic retry of a failed one) skips the handler calls
 * its earlier runs completed,
 * through the service's real {@link DeliveryDispatcher}, a real {@link Kernel} and a store (each runner
 * says which): the handler is not invoked again (counted), what it returned is taken from the ledger so
 * that the cascade takes the same path (the AppCon it chained reaches the next handler with its data's own
 * class), and the timeline records it {@code skipped}; {@code scope=all} runs everything again; a call whose
 * result could not be kept runs again. A delivery whose cascade failed is retried on its own after its
 * backoff (on the test's clock), by whichever node claims it first, and dead after its budget. What recovery
 * does is done here by hand, so that nothing waits on wall time but a lease.
 */
abstract class RerunSkipContractTests extends DispatchingNodes {

	static final Trigram INVOICE = Trigram.of("invoice", "due", "shop");

	/** The data the charging handler chains, a class of the application's own. */
	record Order(String id, int cents) {
	}

	/** Data that cannot be written as JSON. */
	record Unwritable(String id) {

		public String getBroken() {
			throw new IllegalStateException("not serializable");
		}

	}

	/** The data the invoicing handler saw, run by run. */
	final List<@Nullable Object> invoiced = new CopyOnWriteArrayList<>();

	/** What the inbox tells its meters of retries and deaths. */
	final AtomicInteger retriedRows = new AtomicInteger();

	final AtomicInteger deadRows = new AtomicInteger();

	final InboxListener listener = new InboxListener() {

		@Override
		public void retried(int rows) {
			RerunSkipContractTests.this.retriedRows.addAndGet(rows);
		}

		@Override
		public void dead(int rows) {
			RerunSkipContractTests.this.deadRows.addAndGet(rows);
		}

	};

	/** Whether a completed delivery keeps its body, so that it can be replayed. */
	boolean keepsCompletedBodies() {
		return true;
	}

	/** Counts a call of a handler; true on its first. */
	boolean first(String name) {
		return this.counts.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet() == 1;
	}

	/**
	 * A guard that lets everything through, a charge that chains an invoice with the order, a shipping and
	 * an audit that succeed, and an invoicing that fails on its first call (data given by {@code chained}).
	 */
	Consumer<Kernel> shop(Object chained) {
		return (kernel) -> {
			kernel.addInterceptHandler(PUSH, "guard", (appCon) -> {
				first("guard");
				return null;
			});
			kernel.addAsyncHandler(PUSH, "audit", (appCon) -> {
				first("audit");
				return null;
			});
			kernel.addInlineHandler(PUSH, "charge", (appCon) -> {
				first("charge");
				return AppCon.of(INVOICE, chained);
			});
			kernel.addInlineHandler(PUSH, "ship", (appCon) -> {
				first("ship");
				return null;
			});
			kernel.addInlineHandler(INVOICE, "invoice", (appCon) -> {
				this.invoiced.add(appCon.termData());
				if (first("invoice")) {
					throw new IllegalStateException("tax service down");
				}
				return null;
			});
		};
	}

	/** Stores and dispatches a delivery as ingestion does, and waits until it settled with its calls. */
	@Override
	DeliveryRef deliver(Node node, NewDelivery delivery, int calls) {
		DeliveryRef ref = dispatched(node, delivery);
		awaitSettled(node, delivery, calls);
		return ref;
	}

	static void awaitSettled(Node node, NewDelivery delivery, int calls) {
		await().atMost(WAIT).until(() -> node.inbox().calls(delivery.source(), delivery.deliveryId()).size() >= calls
				&& node.inbox().find(delivery.source(), delivery.deliveryId(), false).orElseThrow().status() != DeliveryStatus.PENDING);
	}

	/** Replays a delivery and runs it as recovery would, waiting until it settled with its calls. */
	void replay(Node node, NewDelivery delivery, ReplayScope scope, int calls) {
		assertThat(node.inbox().replay(delivery.source(), delivery.deliveryId(), scope)).isEqualTo(ReplayOutcome.REPLAYED);
		List<ClaimedDelivery> claimed = await().atMost(WAIT).until(() -> node.inbox().claimExpired(64),
				(rows) -> !rows.isEmpty());
		claimed.forEach(node.dispatcher()::redispatch);
		awaitSettled(node, delivery, calls);
	}

	/** The calls of the delivery's last run (its attempt moves at a replay's mark and again at its claim). */
	static List<CallRecord> lastRun(Node node, NewDelivery delivery) {
		return attempt(node, delivery, node.inbox().find(delivery.source(), delivery.deliveryId(), false).orElseThrow().attempts());
	}

	static List<CallRecord> attempt(Node node, NewDelivery delivery, int attempt) {
		return node.inbox().calls(delivery.source(), delivery.deliveryId()).stream()
			.filter((call) -> call.attempt() == attempt)
			.toList();
	}

	static List<String> statuses(List<CallRecord> calls) {
		return calls.stream().map((call) -> call.hop() + ":" + call.handler() + ":" + call.status().value()).sorted().toList();
	}

	@Test
	void aReplayRunsOnlyWhatDidNotCompleteAndTakesTheSamePath() {
		Order order = new Order("o-1", 4200);
		Node node = node(shop(order));
		NewDelivery delivery = delivery("skip");
		deliver(node, delivery, 5);
		assertThat(node.inbox().find("github", "skip", false).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);

		replay(node, delivery, ReplayScope.FAILED, 10);

		assertOnlyTheInvoiceRanAgain(node, delivery, order);
		assertThat(lastRun(node, delivery)).filteredOn((call) -> call.status() == CallStatus.SKIPPED)
			.extracting(CallRecord::durationMicros)
			.containsOnly(0L);
		assertThat(lastRun(node, delivery)).filteredOn((call) -> call.handler().equals("charge"))
			.extracting(CallRecord::callId)
			.containsExactlyElementsOf(attempt(node, delivery, 1).stream()
				.filter((call) -> call.handler().equals("charge")).map(CallRecord::callId).toList());
	}

	@Test
	void aSendersResendOfAFailedDeliverySkipsWhatEarlierRunsCompleted() {
		Order order = new Order("o-4", 990);
		Node node = node(shop(order));
		NewDelivery delivery = delivery("resent");
		deliver(node, delivery, 5);
		assertThat(node.inbox().find("github", "resent", false).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);

		deliver(node, delivery, 10); // the sender sends it again, as a sender whose delivery failed does

		assertOnlyTheInvoiceRanAgain(node, delivery, order);
	}

	/**
	 * The shop's delivery completed in its second run, which ran only the invoicing that failed in the first,
	 * on the AppCon the skipped charge chained, and skipped the rest.
	 */
	void assertOnlyTheInvoiceRanAgain(Node node, NewDelivery delivery, Order order) {
		assertThat(node.inbox().find("github", delivery.deliveryId(), false).orElseThrow().status())
			.isEqualTo(DeliveryStatus.COMPLETED);
		assertThat(count("guard")).isEqualTo(1);
		assertThat(count("charge")).as("the charge that completed is not repeated").isEqualTo(1);
		assertThat(count("ship")).isEqualTo(1);
		assertThat(count("audit")).isEqualTo(1);
		assertThat(count("invoice")).isEqualTo(2);
		assertThat(this.invoiced).as("the AppCon the skipped charge chained, read back with its class")
			.containsExactly(order, order);
		assertThat(statuses(lastRun(node, delivery))).containsExactly("0.0:invoice:completed", "0:audit:skipped",
				"0:charge:skipped", "0:guard:skipped", "0:ship:skipped");
	}

	@Test
	void aThirdRunStillSkipsWhatTheFirstCompleted() {
		Assumptions.assumeTrue(keepsCompletedBodies(), "the memory inbox drops a completed delivery's body");
		Node node = node(shop(new Order("o-3", 1)));
		NewDelivery delivery = delivery("third");
		deliver(node, delivery, 5);
		replay(node, delivery, ReplayScope.FAILED, 10);
		replay(node, delivery, ReplayScope.FAILED, 15);
		assertThat(count("charge")).isEqualTo(1);
		assertThat(count("invoice")).as("completed in the second run").isEqualTo(2);
		assertThat(statuses(lastRun(node, delivery))).containsOnly("0.0:invoice:skipped", "0:audit:skipped",
				"0:charge:skipped", "0:guard:skipped", "0:ship:skipped");
	}

	@Test
	void aReplayOfScopeAllRunsTheWholeCascade() {
		Assumptions.assumeTrue(keepsCompletedBodies(), "the memory inbox drops a completed delivery's body");
		Node node = node(shop(new Order("o-2", 100)));
		NewDelivery delivery = delivery("all");
		deliver(node, delivery, 5);

		replay(node, delivery, ReplayScope.ALL, 10);

		assertThat(count("guard")).isEqualTo(2);
		assertThat(count("charge")).isEqualTo(2);
		assertThat(count("ship")).isEqualTo(2);
		assertThat(count("audit")).isEqualTo(2);
		assertThat(count("invoice")).isEqualTo(2);
		assertThat(lastRun(node, delivery)).extracting(CallRecord::status).containsOnly(CallStatus.COMPLETED);
		// and a later default replay skips what the whole rerun completed
		replay(node, delivery, ReplayScope.FAILED, 15);
		assertThat(count("charge")).isEqualTo(2);
	}

	@Test
	void aReplayAfterAFixRerunsOnlyTheDeadCalls() {
		Assumptions.assumeTrue(keepsCompletedBodies(), "the memory inbox drops a completed delivery's body");
		AtomicInteger fixed = new AtomicInteger();
		Node node = node((kernel) -> {
			kernel.addInlineHandler(PUSH, "build", (appCon) -> {
				first("build");
				return null;
			});
			kernel.addAsyncHandler(PUSH, "notify", (appCon) -> {
				if (first("notify")) {
					throw new NonRetryableException("token revoked");
				}
				fixed.incrementAndGet();
				return null;
			});
		});
		NewDelivery delivery = delivery("dead-call");
		deliver(node, delivery, 2);
		assertThat(statuses(attempt(node, delivery, 1))).containsExactly("0:build:completed", "0:notify:dead");
		assertThat(node.inbox().find("github", "dead-call", false).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED);

		replay(node, delivery, ReplayScope.FAILED, 4);

		assertThat(count("build")).isEqualTo(1);
		assertThat(fixed.get()).isEqualTo(1);
		assertThat(statuses(lastRun(node, delivery))).containsExactly("0:build:skipped", "0:notify:completed");
	}

	@Test
	void aCallWhoseResultCannotBeKeptRunsAgain() {
		Node node = node(shop(new Unwritable("u-1")));
		NewDelivery delivery = delivery("unwritable");
		deliver(node, delivery, 5);
		CallRecord charge = attempt(node, delivery, 1).stream().filter((call) -> call.handler().equals("charge"))
			.findFirst().orElseThrow();
		assertThat(charge.status()).isEqualTo(CallStatus.COMPLETED);
		assertThat(charge.result()).as("recorded as such").contains("unencodable");

		replay(node, delivery, ReplayScope.FAILED, 10);

		assertThat(count("charge")).as("its result could not be kept, so it runs again").isEqualTo(2);
		assertThat(count("ship")).isEqualTo(1);
		assertThat(count("invoice")).isEqualTo(2);
	}

	@Test
	void aRecoveredRunSkipsWhatEarlierRunsCommittedBeforeItStarted() {
		Assumptions.assumeTrue(durable(), "the memory inbox has one node");
		InboxSettings shortLease = InboxSettings.defaults().withLeaseDuration(Duration.ofMillis(500));
		Node first = node(shortLease, shop(new Order("o-4", 7)));
		NewDelivery delivery = delivery("recovered");
		deliver(first, delivery, 5);
		assertThat(first.inbox().replay("github", "recovered")).isEqualTo(ReplayOutcome.REPLAYED);
		assertThat(await().atMost(WAIT).until(() -> first.inbox().claimExpired(64), (rows) -> !rows.isEmpty()))
			.as("claimed by a node that dies before it runs it").hasSize(1);

		Node other = node(shortLease, shop(new Order("o-4", 7)));
		List<ClaimedDelivery> recovered = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
			.until(() -> other.inbox().claimExpired(64), (rows) -> !rows.isEmpty());
		recovered.forEach(other.dispatcher()::redispatch);
		awaitSettled(other, delivery, 10);

		assertThat(count("charge")).isEqualTo(1);
		assertThat(count("ship")).isEqualTo(1);
		assertThat(count("invoice")).isEqualTo(2);
		assertThat(other.inbox().find("github", "recovered", false).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED);
	}

	/** Claims what recovery would now (due retries included) and runs it, waiting until it settled. */
	void runDue(Node node, NewDelivery delivery, int calls) {
		List<ClaimedDelivery> claimed = node.inbox().claimExpired(64);
		assertThat(claimed).as("due now").extracting((row) -> row.ref().deliveryId()).containsExactly(delivery.deliveryId());
		claimed.forEach(node.dispatcher()::redispatch);
		awaitSettled(node, delivery, calls);
	}

	DeliveryStatus status(Node node, NewDelivery delivery) {
		return node.inbox().find(delivery.source(), delivery.deliveryId(), false).orElseThrow().status();
	}

	@Test
	void aFailedDeliveryIsRetriedAfterItsBackoffWithoutRepeatingTheCompletedCalls() {
		Order order = new Order("o-5", 12);
		Node node = node(shop(order));
		NewDelivery delivery = delivery("retried");
		deliver(node, delivery, 5);
		assertThat(status(node, delivery)).isEqualTo(DeliveryStatus.FAILED);
		assertThat(node.inbox().find("github", "retried", false).orElseThrow().retryAt())
			.isBetween(this.clock.instant().plusSeconds(24), this.clock.instant().plusSeconds(36));
		this.clock.advance(Duration.ofSeconds(23));
		assertThat(node.inbox().claimExpired(64)).as("not before its backoff (30 s, give or take a fifth)").isEmpty();
		this.clock.advance(Duration.ofSeconds(14));

		runDue(node, delivery, 10);

		assertThat(status(node, delivery)).isEqualTo(DeliveryStatus.COMPLETED);
		assertThat(node.inbox().find("github", "retried", false).orElseThrow().retryAt()).isNull();
		assertThat(count("guard")).isEqualTo(1);
		assertThat(count("charge")).isEqualTo(1);
		assertThat(count("ship")).isEqualTo(1);
		assertThat(count("audit")).isEqualTo(1);
		assertThat(count("invoice")).isEqualTo(2);
		assertThat(this.invoiced).containsExactly(order, order);
		assertThat(statuses(lastRun(node, delivery))).containsExactly("0.0:invoice:completed", "0:audit:skipped",
				"0:charge:skipped", "0:guard:skipped", "0:ship:skipped");
		this.clock.advance(Duration.ofDays(1));
		assertThat(node.inbox().claimExpired(64)).as("nothing more to run").isEmpty();
	}

	@Test
	void aDeliveryThatKeepsFailingIsDeadAfterItsBudgetItsOtherCallsCompletedOnce() {
		InboxSettings twoRetries = InboxSettings.defaults().withRetries(new AsyncRetries(2, Duration.ofMinutes(1)));
		Node node = node(twoRetries, (kernel) -> {
			kernel.addInlineHandler(PUSH, "build", (appCon) -> {
				first("build");
				return null;
			});
			kernel.addAsyncHandler(PUSH, "audit", (appCon) -> {
				first("audit");
				return null;
			});
			kernel.addInlineHandler(PUSH, "deploy", (appCon) -> {
				first("deploy");
				throw new IllegalStateException("cluster unreachable");
			});
		});
		NewDelivery delivery = delivery("dead");
		deliver(node, delivery, 3);
		this.clock.advance(Duration.ofSeconds(73));
		runDue(node, delivery, 6);
		assertThat(status(node, delivery)).isEqualTo(DeliveryStatus.FAILED);
		this.clock.advance(Duration.ofSeconds(47));
		assertThat(node.inbox().claimExpired(64)).as("the second backoff doubles").isEmpty();
		this.clock.advance(Duration.ofSeconds(98));
		runDue(node, delivery, 9);

		DeliveryRecord dead = node.inbox().find("github", "dead", false).orElseThrow();
		assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
		assertThat(this.retriedRows.get()).as("told to the meters").isEqualTo(2);
		await().atMost(WAIT).until(() -> this.deadRows.get() == 1);
		assertThat(dead.lastError()).contains("cluster unreachable");
		this.clock.advance(Duration.ofDays(1));
		assertThat(node.inbox().claimExpired(64)).isEmpty();
		assertThat(count("deploy")).isEqualTo(3);
		assertThat(count("build")).isEqualTo(1);
		assertThat(count("audit")).isEqualTo(1);
		assertThat(node.inbox().calls("github", "dead")).filteredOn((call) -> !call.handler().equals("deploy"))
			.extracting(CallRecord::status)
			.as("build and audit completed once, then skipped by both retries")
			.containsExactlyInAnyOrder(CallStatus.COMPLETED, CallStatus.COMPLETED, CallStatus.SKIPPED, CallStatus.SKIPPED,
					CallStatus.SKIPPED, CallStatus.SKIPPED);
	}

	@Test
	void withRetriesOffAFailedDeliveryStaysFailed() {
		Node node = node(InboxSettings.defaults().withRetries(new AsyncRetries(0, Duration.ofMinutes(1))),
				shop(new Order("o-6", 1)));
		NewDelivery delivery = delivery("off");
		deliver(node, delivery, 5);
		this.clock.advance(Duration.ofDays(1));
		assertThat(node.inbox().claimExpired(64)).isEmpty();
		assertThat(status(node, delivery)).isEqualTo(DeliveryStatus.FAILED);
	}

	@Test
	void aNodeRestartedDuringTheBackoffResumesTheRetry() {
		Assumptions.assumeTrue(durable(), "the memory inbox forgets everything at a restart");
		Node before = node(shop(new Order("o-7", 3)));
		NewDelivery delivery = delivery("restart");
		deliver(before, delivery, 5);
		stop(before);

		Node after = node(shop(new Order("o-7", 3)));
		this.clock.advance(Duration.ofMinutes(1));
		runDue(after, delivery, 10);

		assertThat(status(after, delivery)).isEqualTo(DeliveryStatus.COMPLETED);
		assertThat(count("charge")).isEqualTo(1);
		assertThat(count("invoice")).isEqualTo(2);
	}

	@Test
	void twoNodesClaimingTogetherNeverTakeOneRetryTwice() throws Exception {
		Assumptions.assumeTrue(durable(), "the memory inbox has one node");
		Consumer<Kernel> failing = (kernel) -> kernel.addInlineHandler(PUSH, "deploy", (appCon) -> {
			throw new IllegalStateException("down");
		});
		failOnOneThenClaimTogether(failing, Duration.ofMinutes(1),
				(node) -> node.inbox().claimExpired(3).stream().map((row) -> row.ref().deliveryId()).toList());
	}

}
