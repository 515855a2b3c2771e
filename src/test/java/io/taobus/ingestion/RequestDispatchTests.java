package io.taobus.ingestion;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.taobus.inbox.Admission;
import io.taobus.inbox.ClaimedDelivery;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.H2Inbox;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.NewDelivery;
import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelSaturatedException;
import io.taobus.tao.Responses;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Request/response deliveries on the embedded store: one whose process died after its commit is claimed
 * by recovery and run again, and that run's response is recorded although no one waits for it; a
 * delivery that is no request records none; a request the bus refuses after its commit is released for
 * recovery and its caller told so.
 */
class RequestDispatchTests {

	static final Trigram ASK = Trigram.of("Quote", "Ask", "Api");

	final H2Inbox store = new H2Inbox(InboxSettings.defaults().withLeaseDuration(Duration.ofMillis(200)),
			Clock.systemUTC());

	final Inbox inbox = this.store.inbox();

	final Kernel kernel = Kernel.builder().maxPendingDispatches(1).build();

	/** Rebuilds a stored AppCon from its trigram, its body the term data. */
	final AppConRebuilder rebuilder = (record, body, metadata) -> new AppCon(
			Trigram.of(record.term(), record.action(), record.orient()), new String(body, StandardCharsets.UTF_8), null,
			metadata);

	final DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.inbox, this.kernel, List.of(this.rebuilder),
			List.of(), List.of(ResponseEncoder.of("context",
					(response) -> ("{\"answer\":\"" + response.termData() + "\"}").getBytes(StandardCharsets.UTF_8))));

	final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.release.countDown();
		this.kernel.close(Duration.ofSeconds(5));
		this.store.close();
	}

	@Test
	void aRequestRecoveredAfterItsProcessDiedRecordsItsResponse() {
		this.kernel.addInlineHandler(ASK, "quote",
				Responses.inline((ac) -> AppCon.of(Trigram.of("Quote", "Given", "Api"), ac.termData() + " 49")));
		store("asked", Map.of(DeliveryDispatcher.REPLY_HEADER, "context"), "ACME");
		store("plain", Map.of(), "ACME");
		// nobody dispatches them: their process "died" right after the commit, and their leases run out
		// one at a time: this kernel admits a single AppCon (for the refusal below)
		for (ClaimedDelivery claimed : claimBoth()) {
			this.dispatcher.redispatch(claimed);
			settled(claimed.ref().deliveryId());
		}
		DeliveryRecord asked = settled("asked");
		assertThat(asked.attempts()).isEqualTo(2);
		assertThat(new String(asked.response(), StandardCharsets.UTF_8)).isEqualTo("{\"answer\":\"ACME 49\"}");
		assertThat(settled("plain").response()).isNull();
	}

	@Test
	void aRequestTheBusRefusesAfterItsCommitIsReleasedForRecovery() throws Exception {
		this.kernel.addInlineHandler(Trigram.of("Busy", null, null), "hold", (ac) -> {
			this.release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.setCtx(Trigram.of("Busy", "Hold", "Api"), null);
		DeliveryRef ref = store("refused", Map.of(DeliveryDispatcher.REPLY_HEADER, "context"), "ACME");
		CompletionStage<byte[]> response = this.dispatcher.exchange(ref, "context", new AppCon(ASK, "ACME", null, null), 4,
				System.nanoTime(), UnaryOperator.identity());
		assertThatThrownBy(() -> response.toCompletableFuture().get(10, TimeUnit.SECONDS))
			.isInstanceOf(ExecutionException.class).cause().isInstanceOf(KernelSaturatedException.class);
		assertThat(this.dispatcher.deferred()).isEqualTo(1);
		// released: claimable at once, without waiting for its lease
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.claimExpired(10).size() == 1);
	}

	private DeliveryRef store(String id, Map<String, String> headers, String body) {
		Admission admission = this.inbox.accept(new NewDelivery("api", id, ASK.term(), ASK.action(), ASK.orient(),
				"application/json", headers, body.getBytes(StandardCharsets.UTF_8), Instant.now())).toCompletableFuture().join();
		return ((Admission.Accepted) admission).ref();
	}

	private List<ClaimedDelivery> claimBoth() {
		List<ClaimedDelivery> claimed = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			claimed.addAll(this.inbox.claimExpired(10));
			return claimed.size() == 2;
		});
		return claimed;
	}

	private DeliveryRecord settled(String id) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.find("api", id, false).orElseThrow().status()
				== DeliveryStatus.COMPLETED);
		return this.inbox.find("api", id, true).orElseThrow();
	}

}
