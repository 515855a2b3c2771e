package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the contract classes of every {@link Inbox} share: the store under test (each runner,
 * {@link InboxH2Tests}, {@link InboxPostgresTests} and {@link MemoryInboxTests}, says how to open a
 * node on it and how to take it down), the test's clock, and helpers. The contract itself is split by
 * concern along one inheritance chain ({@link InboxFaultContractTests}, {@link InboxOperatorContractTests},
 * {@link InboxLeaseContractTests}, {@link InboxContractTests}), so that the runners stay one class each.
 */
abstract class InboxContractSupport {

	static final Duration WAIT = Duration.ofSeconds(20);

	final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

	private final List<Inbox> opened = new ArrayList<>();

	/** A new node on this test's store. */
	abstract Inbox newNode(InboxSettings settings, Clock clock, InboxListener listener);

	/** Runs a statement on this test's database (a schema change a test undoes itself). */
	void sql(String statement) throws Exception {
		throw new UnsupportedOperationException("not a database");
	}

	/** The count a {@code SELECT COUNT(*)} query gives on this test's database. */
	long count(String query) throws Exception {
		throw new UnsupportedOperationException("not a database");
	}

	/** Takes the database away: connections cut, new ones refused. */
	abstract void databaseDown() throws Exception;

	/** Gives the database back. */
	abstract void databaseUp() throws Exception;

	/** Whether a completed row keeps its body until retention (the memory inbox drops it at once). */
	boolean keepsCompletedBodies() {
		return true;
	}

	/** Whether the store is a database (group commit, outages, nodes sharing it). */
	boolean database() {
		return true;
	}

	Inbox node(String name, InboxSettings settings) {
		return node(name, settings, InboxListener.NONE);
	}

	Inbox node(String name, InboxSettings settings, InboxListener listener) {
		Inbox inbox = newNode(settings.withNodeId(name), this.clock, listener);
		this.opened.add(inbox);
		return inbox;
	}

	Inbox node(InboxSettings settings) {
		return node("node-" + this.opened.size(), settings);
	}

	Inbox inbox() {
		return node(InboxSettings.defaults());
	}

	static InboxSettings lease(Duration lease) {
		return InboxSettings.defaults().withLeaseDuration(lease);
	}

	@AfterEach
	void closeNodes() {
		this.opened.forEach(Inbox::close);
	}

	NewDelivery delivery(String id) {
		return delivery("github", id);
	}

	NewDelivery delivery(String source, String id) {
		return new NewDelivery(source, id, "push", "received", "github", "application/json",
				Map.of("x-github-event", "push", "x-github-delivery", id),
				("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), this.clock.instant());
	}

	static Admission admit(Inbox inbox, NewDelivery delivery) {
		return inbox.accept(delivery).toCompletableFuture().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
	}

	static DeliveryRef accepted(Inbox inbox, NewDelivery delivery) {
		Admission admission = admit(inbox, delivery);
		assertThat(admission).isInstanceOf(Admission.Accepted.class);
		return ((Admission.Accepted) admission).ref();
	}

	static DeliveryRecord awaitStatus(Inbox inbox, NewDelivery delivery, DeliveryStatus status) {
		return await().atMost(WAIT).until(() -> inbox.find(delivery.source(), delivery.deliveryId(), false).orElseThrow(),
				(record) -> record.status() == status);
	}

	static List<ClaimedDelivery> awaitClaim(Inbox inbox, int count) {
		List<ClaimedDelivery> claimed = new ArrayList<>();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
			claimed.addAll(inbox.claimExpired(64));
			return claimed.size() >= count;
		});
		return claimed;
	}

}
