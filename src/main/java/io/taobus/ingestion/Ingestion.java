package io.taobus.ingestion;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.taobus.inbox.Admission;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxUnavailableException;
import io.taobus.inbox.NewDelivery;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Store before acknowledging, shared by both ingestion endpoints: a verified delivery is admitted (429,
 * 503 while the bus could not run it), stored, and answered once its row is committed. The
 * {@link Inbox} decides whether the delivery is new (202, dispatched from memory by the
 * {@link DeliveryDispatcher}), a resend of a failed one (202, run again) or a copy (200 duplicate); a
 * store that cannot commit is a 503 with nothing acknowledged. No JDBC runs on the caller's thread:
 * the answer is a {@link Mono} of the inbox's commit.
 */
public final class Ingestion {

	/** {@code POST /webhooks/{source}}: webhook deliveries. */
	public static final String WEBHOOKS = "/webhooks/{source}";

	/** {@code POST /tao/appcons}: the AppCon API. */
	public static final String APPCONS = "/tao/appcons";

	/** The source name of AppCons set through the AppCon API, reserved among webhook sources. */
	public static final String APPCON_SOURCE = "api";

	/** The longest trigram axis or delivery id accepted. */
	static final int MAX_NAME_LENGTH = 256;

	private final Inbox inbox;

	private final DeliveryDispatcher dispatcher;

	public Ingestion(Inbox inbox, DeliveryDispatcher dispatcher) {
		this.inbox = inbox;
		this.dispatcher = dispatcher;
	}

	/**
	 * Stores a verified delivery, answers when its row is committed, and dispatches it when it is to
	 * run.
	 * @param appCon the AppCon of a run, given that run's metadata
	 * @param context the request's context (observation, trace) for the handler threads, applied only
	 * when a handler matches
	 */
	public Mono<Result> store(Trigram trigram, MediaType contentType, byte[] body, DeliveryMetadata metadata,
			Function<DeliveryMetadata, AppCon> appCon, long startNanos, UnaryOperator<Runnable> context) {
		this.dispatcher.checkAdmission(body.length);
		NewDelivery delivery = new NewDelivery(metadata.source(), metadata.deliveryId(), trigram.term(), trigram.action(),
				trigram.orient(), contentType.toString(), metadata.headers(), body, metadata.receivedAt());
		Acknowledgement acknowledgement = new Acknowledgement(metadata.deliveryId(), metadata.source(), trigram.term(),
				trigram.action(), trigram.orient(), null);
		// the dispatch hangs off the commit itself, not off the answer: a client that hangs up while its
		// delivery is being stored cancels only the answer, and the stored row runs all the same (else it
		// would sit pending, its lease renewed for as long as its handle lived, run by no one)
		CompletableFuture<Result> stored = this.inbox.accept(delivery).thenApply((admission) -> switch (admission) {
			case Admission.Accepted accepted -> {
				this.dispatcher.dispatch(accepted.ref(), appCon.apply(metadata), body.length, startNanos, context);
				yield (Result) new Result.Accepted(acknowledgement);
			}
			case Admission.Rerun rerun -> {
				this.dispatcher.dispatch(rerun.ref(), appCon.apply(metadata.run(rerun.ref().attempt(), false)),
						body.length, startNanos, context);
				yield new Result.Accepted(acknowledgement);
			}
			case Admission.Duplicate duplicate -> new Result.Duplicate(acknowledgement(duplicate.first()));
		}).toCompletableFuture();
		return Mono.fromFuture(stored, true).onErrorMap(InboxUnavailableException.class, Ingestion::unavailable);
	}

	private static Acknowledgement acknowledgement(DeliveryRecord first) {
		return new Acknowledgement(first.deliveryId(), first.source(), first.term(), first.action(), first.orient(),
				Boolean.TRUE);
	}

	private static IngestionException unavailable(InboxUnavailableException ex) {
		return new IngestionException(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.UNAVAILABLE,
				"the delivery could not be stored; nothing was acknowledged, retry later", ex.retryAfter());
	}

	/** Whether a request path is one of the ingestion endpoints'. */
	public static boolean isIngestionPath(String path) {
		return path.startsWith("/webhooks/") || path.equals(APPCONS);
	}

	/**
	 * Refuses (400) a trigram axis or delivery id longer than {@value #MAX_NAME_LENGTH} characters, or
	 * holding a control character: these names reach logs, metrics' exemplars and the database (where
	 * PostgreSQL refuses NUL), and a line break in one could forge a log line.
	 */
	public static String limited(String what, String value) {
		if (value.length() > MAX_NAME_LENGTH) {
			throw IngestionException.malformed("the " + what + " is longer than " + MAX_NAME_LENGTH + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				throw IngestionException.malformed("the " + what + " contains a control character (U+"
						+ String.format("%04X", (int) value.charAt(i)) + ")");
			}
		}
		return value;
	}

	/** What an ingestion endpoint answers. */
	public sealed interface Result {

		/** 202: stored, and dispatched (or left to recovery when the bus refused it after the commit). */
		record Accepted(Acknowledgement acknowledgement) implements Result {
		}

		/** 200: a repeated delivery, answered with the first delivery's acknowledgement. */
		record Duplicate(Acknowledgement acknowledgement) implements Result {
		}

		/** 200: Slack's url_verification handshake, answered with its challenge. */
		record Challenge(@Nullable String challenge) implements Result {
		}

	}

}
