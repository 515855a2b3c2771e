package io.taobus.ingestion;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.taobus.inbox.Admission;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxUnavailableException;
import io.taobus.inbox.NewDelivery;
import io.taobus.tao.AppCon;
import io.taobus.tao.CascadeResult;
import io.taobus.tao.Channel;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

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

	/**
	 * The longest a delivery waits for its commit before it is answered 503: past every statement's
	 * timeout and the pool's connection timeout, so that only a wedged writer reaches it.
	 */
	static final Duration STORE_TIMEOUT = Duration.ofSeconds(15);

	/** What a delivery that was not stored in time is told to wait. */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final Inbox inbox;

	private final DeliveryDispatcher dispatcher;

	private final Duration storeTimeout;

	public Ingestion(Inbox inbox, DeliveryDispatcher dispatcher) {
		this(inbox, dispatcher, STORE_TIMEOUT);
	}

	/**
	 * An ingestion whose deliveries wait at most {@code storeTimeout} for their commit: a 503 then, and
	 * a commit that comes later still runs its delivery (the sender's retry is then a duplicate).
	 */
	public Ingestion(Inbox inbox, DeliveryDispatcher dispatcher, Duration storeTimeout) {
		this.inbox = inbox;
		this.dispatcher = dispatcher;
		this.storeTimeout = storeTimeout;
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
		return store(trigram, contentType, body, metadata, appCon, startNanos, context, null);
	}

	/**
	 * As {@link #store(Trigram, MediaType, byte[], DeliveryMetadata, Function, long, UnaryOperator)}, its
	 * first run entered through a channel when one is given (a rerun never is: channels are node-local).
	 */
	public Mono<Result> store(Trigram trigram, MediaType contentType, byte[] body, DeliveryMetadata metadata,
			Function<DeliveryMetadata, AppCon> appCon, long startNanos, UnaryOperator<Runnable> context,
			@Nullable Channel channel) {
		Acknowledgement acknowledgement = acknowledgement(trigram, metadata);
		return admit(trigram, contentType, body, metadata, appCon, (ref, completed, run) -> {
			this.dispatcher.dispatch(ref, completed, run, body.length, startNanos, context, channel);
			return new Result.Accepted(acknowledgement);
		}, (first) -> new Result.Duplicate(acknowledgement(first)));
	}

	/**
	 * Stores a verified request/response delivery as {@link #store} does, and runs it for its response,
	 * encoded by the encoder of the kind its metadata names ({@link DeliveryDispatcher#REPLY_HEADER}).
	 * @return once its row is committed: its response's stage ({@link DeliveryDispatcher#exchange}), or,
	 * for a repeated request, the first one's row (the response recorded with it, if any, is loaded by the
	 * caller, off this thread)
	 */
	public Mono<Request> request(Trigram trigram, MediaType contentType, byte[] body, DeliveryMetadata metadata,
			Function<DeliveryMetadata, AppCon> appCon, long startNanos, UnaryOperator<Runnable> context) {
		return request(trigram, contentType, body, metadata, appCon, startNanos, context, null);
	}

	/** As {@link #request(Trigram, MediaType, byte[], DeliveryMetadata, Function, long, UnaryOperator)}, through a channel if given. */
	public Mono<Request> request(Trigram trigram, MediaType contentType, byte[] body, DeliveryMetadata metadata,
			Function<DeliveryMetadata, AppCon> appCon, long startNanos, UnaryOperator<Runnable> context,
			@Nullable Channel channel) {
		String kind = metadata.headers().get(DeliveryDispatcher.REPLY_HEADER);
		if (kind == null) {
			throw new IllegalArgumentException("a request's metadata names its kind in " + DeliveryDispatcher.REPLY_HEADER);
		}
		Acknowledgement acknowledgement = acknowledgement(trigram, metadata);
		return admit(trigram, contentType, body, metadata, appCon,
				(ref, completed, run) -> (Request) new Request.Running(acknowledgement,
						this.dispatcher.exchange(ref, completed, kind, run, body.length, startNanos, context, channel)),
				(first) -> new Request.Repeated(acknowledgement(first), first));
	}

	/**
	 * Stores a verified delivery as {@link #store} does, and runs it telling when its intercept and inline
	 * phases end, if they end within {@code answerWithin} ({@link DeliveryDispatcher#dispatchAwaitingInline}),
	 * for a sender answered only then.
	 * @return once its row is committed: the acknowledgement and that stage, or no stage for a repeat
	 */
	public Mono<Staged> storeAwaitingInline(Trigram trigram, MediaType contentType, byte[] body,
			DeliveryMetadata metadata, Function<DeliveryMetadata, AppCon> appCon, long startNanos,
			UnaryOperator<Runnable> context, Duration answerWithin) {
		Acknowledgement acknowledgement = acknowledgement(trigram, metadata);
		return admit(trigram, contentType, body, metadata, appCon,
				(ref, completed, run) -> new Staged(acknowledgement, this.dispatcher.dispatchAwaitingInline(ref, completed,
						run, body.length, startNanos, context, answerWithin)),
				(first) -> new Staged(acknowledgement(first), null));
	}

	/**
	 * Stores a delivery and, once its row is committed, runs it when it is to run (new, or a resend of a
	 * failed one, with that run's metadata) or tells of its first copy. No JDBC on the caller's thread.
	 */
	private <T> Mono<T> admit(Trigram trigram, MediaType contentType, byte[] body, DeliveryMetadata metadata,
			Function<DeliveryMetadata, AppCon> appCon, Run<T> run,
			Function<DeliveryRecord, T> duplicate) {
		NewDelivery delivery = newDelivery(trigram, contentType, body, metadata);
		Runnable stored = this.dispatcher.reserve(body.length);
		CompletionStage<Admission> admitted;
		try {
			admitted = this.inbox.accept(delivery).whenComplete((admission, error) -> stored.run());
		}
		catch (RuntimeException ex) {
			stored.run();
			throw ex;
		}
		// the run hangs off the commit itself, not off the answer: a client that hangs up while its
		// delivery is being stored cancels only the answer, and the stored row runs all the same (else it
		// would sit pending, its lease renewed for as long as its handle lived, run by no one)
		CompletableFuture<T> ran = admitted.thenApply((admission) -> switch (admission) {
			case Admission.Accepted accepted -> run.apply(accepted.ref(), List.of(), appCon.apply(metadata));
			case Admission.Rerun rerun ->
				run.apply(rerun.ref(), rerun.completed(), appCon.apply(metadata.run(rerun.ref().attempt(), false)));
			case Admission.Duplicate copy -> duplicate.apply(copy.first());
		}).toCompletableFuture();
		return committed(ran);
	}

	/** How an admitted delivery runs: its row, the calls a resend skips (none for a new one), its AppCon. */
	@FunctionalInterface
	private interface Run<T> {

		T apply(DeliveryRef ref, List<CallRecord> completed, AppCon appCon);

	}

	private static NewDelivery newDelivery(Trigram trigram, MediaType contentType, byte[] body,
			DeliveryMetadata metadata) {
		return new NewDelivery(metadata.source(), metadata.deliveryId(), trigram.term(), trigram.action(),
				trigram.orient(), contentType.toString(), metadata.headers(), body, metadata.receivedAt());
	}

	private static Acknowledgement acknowledgement(Trigram trigram, DeliveryMetadata metadata) {
		return new Acknowledgement(metadata.deliveryId(), metadata.source(), trigram.term(), trigram.action(),
				trigram.orient(), null);
	}

	/** The answer of a stage that completes on the inbox's commit: 503 when it does not in time, or fails. */
	private <T> Mono<T> committed(CompletableFuture<T> stored) {
		return Deadlines.within(stored, this.storeTimeout)
			.onErrorMap(TimeoutException.class, (ex) -> new IngestionException(HttpStatus.SERVICE_UNAVAILABLE,
					IngestionOutcome.UNAVAILABLE, "the delivery was not stored within " + this.storeTimeout.toSeconds()
							+ " s; retry later (if it was stored meanwhile, the retry is answered as a duplicate)", RETRY_AFTER))
			.onErrorMap(InboxUnavailableException.class, Ingestion::unavailable);
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

	/**
	 * A stored delivery of a sender answered once its inline phases end.
	 * @param acknowledgement its acknowledgement ({@code duplicate} on a repeat)
	 * @param inline the stage of the end of its intercept and inline phases; {@code null} for a repeat
	 */
	public record Staged(Acknowledgement acknowledgement, @Nullable CompletionStage<CascadeResult> inline) {
	}

	/** What became of a stored request/response delivery, once its row is committed. */
	public sealed interface Request {

		/** Stored and running (or refused by the bus after its commit: the stage says so). */
		record Running(Acknowledgement acknowledgement, CompletionStage<byte[]> response) implements Request {
		}

		/** A repeated request: the first one's row, as the admission found it (without its body). */
		record Repeated(Acknowledgement acknowledgement, DeliveryRecord first) implements Request {
		}

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

		/** Stored and answered with what its endpoint made of its response (a synchronous reply). */
		record Answered(Mono<ServerResponse> response) implements Result {
		}

	}

}
