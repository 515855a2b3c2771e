package io.taobus.ingestion;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.taobus.inbox.Admission;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MutableClock;
import io.taobus.inbox.NewDelivery;
import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ledger's contract tests through the dispatcher share ({@link AsyncRetryContractTests},
 * {@link RerunSkipContractTests}): nodes, each an inbox on the test's store (each runner says which) with
 * a real {@link Kernel} and the service's {@link DeliveryDispatcher} between them, on the test's clock and
 * stopped after each test; GitHub pushes stored and dispatched as ingestion does; handler calls counted
 * by name.
 */
abstract class DispatchingNodes {

	static final Duration WAIT = Duration.ofSeconds(20);

	static final Trigram PUSH = Trigram.of("push", "received", "github");

	final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	/** The calls of each handler, by name. */
	final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final List<Node> nodes = new ArrayList<>();

	/** A new inbox on this test's store, as a (re)started node opens it. */
	abstract Inbox openInbox(InboxSettings settings, Clock clock);

	/** Whether the store outlives a node (a database). */
	boolean durable() {
		return true;
	}

	/** Closes the store, once its nodes have stopped. */
	void closeStore() throws Exception {
	}

	/** One node: its inbox, its kernel and the dispatcher between them. */
	record Node(Inbox inbox, Kernel kernel, DeliveryDispatcher dispatcher) {

		void stop() {
			this.kernel.close(Duration.ofSeconds(5));
			this.inbox.close();
		}

	}

	Node node(InboxSettings settings, Consumer<Kernel> handlers) {
		Kernel kernel = Kernel.builder().build();
		handlers.accept(kernel);
		Inbox inbox = openInbox(settings, this.clock);
		AppConRebuilder rebuilder = (record, body, metadata) -> AppCon.of(PUSH, new String(body, StandardCharsets.UTF_8));
		Node node = new Node(inbox, kernel, new DeliveryDispatcher(inbox, kernel, List.of(rebuilder)));
		this.nodes.add(node);
		return node;
	}

	Node node(Consumer<Kernel> handlers) {
		return node(InboxSettings.defaults(), handlers);
	}

	/** Stops a node now, as a restart does: it is not stopped again after the test. */
	void stop(Node node) {
		node.stop();
		this.nodes.remove(node);
	}

	@AfterEach
	void stopNodes() throws Exception {
		this.nodes.forEach(Node::stop);
		closeStore();
	}

	int count(String name) {
		AtomicInteger count = this.counts.get(name);
		return (count != null) ? count.get() : 0;
	}

	NewDelivery delivery(String id) {
		return new NewDelivery("github", id, "push", "received", "github", "application/json",
				Map.of("x-github-event", "push"), ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
				this.clock.instant());
	}

	/** Stores and dispatches a delivery as ingestion does, and waits until it has {@code calls} records. */
	abstract DeliveryRef deliver(Node node, NewDelivery delivery, int calls);

	/**
	 * Two nodes with the same failing handlers, forty deliveries run and failed on the first, the clock moved
	 * past their backoff: then both claim their retries at once, and none is taken by both
	 * ({@link #claimTogetherEachOnce}).
	 * @param claim one claim of a node, as the keys of what it took
	 */
	<K> void failOnOneThenClaimTogether(Consumer<Kernel> failing, Duration backoff, Function<Node, List<K>> claim)
			throws InterruptedException {
		Node one = node(failing);
		Node two = node(failing);
		int deliveries = 40;
		for (int i = 0; i < deliveries; i++) {
			deliver(one, delivery("together-" + i), 1);
		}
		this.clock.advance(backoff);
		claimTogetherEachOnce(one, two, deliveries, claim);
	}

	/**
	 * Two nodes claim at once, each until a claim of its comes back empty: none of the keys is claimed by
	 * both, and {@code expected} are claimed in all.
	 * @param claim one claim of a node, as the keys of what it took
	 */
	static <K> void claimTogetherEachOnce(Node one, Node two, int expected, Function<Node, List<K>> claim)
			throws InterruptedException {
		CyclicBarrier start = new CyclicBarrier(2);
		List<K> claimedByOne = new CopyOnWriteArrayList<>();
		List<K> claimedByTwo = new CopyOnWriteArrayList<>();
		Thread first = Thread.ofVirtual().start(() -> claimAll(one, start, claimedByOne, claim));
		Thread second = Thread.ofVirtual().start(() -> claimAll(two, start, claimedByTwo, claim));
		first.join();
		second.join();
		// (one node may take everything: what matters is that no key is taken by both)
		assertThat(claimedByOne).filteredOn(claimedByTwo::contains).as("claimed by both").isEmpty();
		assertThat(claimedByOne.size() + claimedByTwo.size()).isEqualTo(expected);
		assertThat(Stream.concat(claimedByOne.stream(), claimedByTwo.stream()).distinct().count()).isEqualTo(expected);
	}

	private static <K> void claimAll(Node node, CyclicBarrier start, List<K> claimed, Function<Node, List<K>> claim) {
		try {
			start.await(20, TimeUnit.SECONDS);
			List<K> due;
			do {
				due = claim.apply(node);
				claimed.addAll(due);
			}
			while (!due.isEmpty());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stores a delivery and dispatches it, as ingestion does: a new one, or the resend of a failed or dead
	 * one, skipping what the admission read as completed.
	 */
	static DeliveryRef dispatched(Node node, NewDelivery delivery) {
		Admission admission = node.inbox().accept(delivery).toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
		DeliveryRef ref = switch (admission) {
			case Admission.Accepted accepted -> accepted.ref();
			case Admission.Rerun rerun -> rerun.ref();
			case Admission.Duplicate duplicate -> throw new AssertionError("a copy of " + duplicate.first());
		};
		node.dispatcher().dispatch(ref, (admission instanceof Admission.Rerun rerun) ? rerun.completed() : List.of(),
				AppCon.of(PUSH, new String(delivery.body(), StandardCharsets.UTF_8)), delivery.body().length,
				System.nanoTime(), UnaryOperator.identity(), null);
		return ref;
	}

}
