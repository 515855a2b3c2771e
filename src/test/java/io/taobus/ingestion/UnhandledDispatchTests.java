package io.taobus.ingestion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.taobus.inbox.Admission;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.DeliveryStatus;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;
import io.taobus.inbox.NewDelivery;
import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link DeliveryDispatcher} tells its listeners of a run that completed without reaching any
 * handler, with the pattern of its source's mapping as the source's endpoint gives it, and of no other
 * run: not a handled one, nor one whose handler failed.
 */
class UnhandledDispatchTests {

	final Kernel kernel = Kernel.builder().build();

	final Inbox inbox = new MemoryInbox(InboxSettings.defaults(), Clock.systemUTC(), InboxListener.NONE);

	final List<String> told = new CopyOnWriteArrayList<>();

	final IngestionListener listener = new IngestionListener() {

		@Override
		public void ingested(String source, IngestionOutcome outcome, long nanos) {
		}

		@Override
		public void unhandled(String source, Trigram mapping, Trigram trigram, String deliveryId) {
			UnhandledDispatchTests.this.told.add(source + " " + mapping + " " + trigram + " " + deliveryId);
		}

	};

	// the endpoint of source 'shop' maps its orient to the literal 'shop'; no endpoint knows 'other'
	final AppConRebuilder shop = new AppConRebuilder() {

		@Override
		public AppCon rebuild(io.taobus.inbox.DeliveryRecord record, byte[] body, DeliveryMetadata metadata) {
			return null;
		}

		@Override
		public Trigram mapping(String source) {
			return source.equals("shop") ? Trigram.of(null, null, "shop") : null;
		}

	};

	final DeliveryDispatcher dispatcher = new DeliveryDispatcher(this.inbox, this.kernel, List.of(this.shop),
			List.of(this.listener));

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	@Test
	void onlyARunThatReachedNoHandlerIsTold() {
		this.kernel.addInlineHandler(Trigram.of("order", null, null), "Orders#take", (appCon) -> null);
		this.kernel.addInlineHandler(Trigram.of("refund", null, null), "Refunds#fail", (appCon) -> {
			throw new IllegalStateException("no refunds");
		});
		run("shop", "d-1", Trigram.of("order", "created", "shop"));
		run("shop", "d-2", Trigram.of("refund", "created", "shop"));
		run("shop", "d-3", Trigram.of("ordr", "created", "shop"));
		run("other", "d-4", Trigram.of("order", "created", "elsewhere"));
		run("other", "d-5", Trigram.of("cart", "created", "elsewhere"));
		// the listeners are told right after the row is settled, on the cascade's thread
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.told).containsExactlyInAnyOrder(
				"shop *|*|shop ordr|created|shop d-3", "other *|*|* cart|created|elsewhere d-5"));
	}

	/** Stores and dispatches a delivery, and waits until its row is settled. */
	void run(String source, String id, Trigram trigram) {
		Admission admission = this.inbox.accept(new NewDelivery(source, id, trigram.term(), trigram.action(),
				trigram.orient(), "application/json", Map.of(), new byte[0], Instant.now())).toCompletableFuture().join();
		DeliveryRef ref = ((Admission.Accepted) admission).ref();
		this.dispatcher.dispatch(ref, new AppCon(trigram, null, null, null), 0, System.nanoTime(), UnaryOperator.identity());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.inbox.find(source, id, false)
			.map((row) -> row.status() != DeliveryStatus.PENDING)
			.orElse(false));
	}

}
