package io.taobus.ingestion;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.taobus.inbox.CallLog;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallResults;
import io.taobus.inbox.ClaimedDelivery;
import io.taobus.inbox.Completion;
import io.taobus.inbox.DeliveryRecord;
import io.taobus.inbox.DeliveryRef;
import io.taobus.inbox.DueRetry;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.Redispatcher;
import io.taobus.tao.AppCon;
import io.taobus.tao.CascadeResult;
import io.taobus.tao.CascadeStages;
import io.taobus.tao.Channel;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelSaturatedException;
import io.taobus.tao.Transponder;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * Runs stored deliveries on the bus and reports each cascade's end to the {@link Inbox}: completed
 * with its handler calls and swallowed async errors, or failed with the first inline or intercept
 * error. A fresh delivery is dispatched from memory right after its commit; a recovered or replayed
 * one is rebuilt from its row by the {@link AppConRebuilder} of its source, as the inbox's
 * {@link Redispatcher}. A run that completed without reaching any handler is told to the
 * {@link IngestionListener}s, so that it is counted and logged rather than silently completed.
 *
 * <p>When the bus refuses a committed delivery (saturated, or closing) its sender has its 202 all the
 * same: the row is stored, so it is released for recovery to run as soon as the bus has room. A cascade
 * cut short by the kernel's close timeout reports nothing: its row stays pending under its lease, and
 * whichever node claims it once the lease expires runs it again.
 *
 * <p>A request/response delivery ({@link #exchange}, stored with {@link #REPLY_HEADER}) enters through a
 * {@link Transponder} on a channel of the dispatcher's own, so that its response is its cascade's and no
 * other's; the response's bytes ({@link ResponseEncoder}) answer the caller and are recorded with the
 * outcome, on every run (the first run's kept), so that a recovery or a replay answers no one again but
 * leaves the response a repeated request finds.
 *
 * <p>Shutdown: once the kernel closes (at the start of the context's close, see {@code KernelLifecycle})
 * no delivery is admitted any more (503, nothing stored); the kernel drains for up to
 * {@code taobus.kernel.close-timeout} while finished cascades are still reported; what is left is
 * counted and logged at {@link #close}, its rows pending under their leases (not released: their
 * handlers may still be running), run again by whichever node claims them once the leases expire.
 */
public final class DeliveryDispatcher implements Redispatcher, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryDispatcher.class);

	/**
	 * The stored header that marks a request/response delivery, whose response is recorded on every run
	 * (its value names the endpoint, such as {@code context}).
	 */
	public static final String REPLY_HEADER = "taobus-reply";

	private final Inbox inbox;

	private final Kernel kernel;

	private final List<AppConRebuilder> rebuilders;

	private final List<IngestionListener> listeners;

	/** The encoders of request/response deliveries, by the kind they are stored with. */
	private final Map<String, ResponseEncoder> encoders;

	/** The channel every request/response delivery enters through, each with a scope of its own. */
	private final Channel requests;

	/** How the ledger keeps what each completed call returned, for a rerun to skip it. */
	private final CallResults results;

	/** Whether cascades are recorded on the ledger of handler calls. */
	private final boolean ledger;

	private final LongAdder deferred = new LongAdder();

	/**
	 * The bytes of the bodies admitted and not yet answered by the inbox (queued for its writer, or being
	 * committed): held in memory as surely as those of running cascades, so bounded with them.
	 */
	private final AtomicLong storing = new AtomicLong();

	private final AtomicInteger running = new AtomicInteger();

	public DeliveryDispatcher(Inbox inbox, Kernel kernel, List<AppConRebuilder> rebuilders) {
		this(inbox, kernel, rebuilders, List.of());
	}

	/** A dispatcher that tells the listeners of the runs that reached no handler. */
	public DeliveryDispatcher(Inbox inbox, Kernel kernel, List<AppConRebuilder> rebuilders,
			List<IngestionListener> listeners) {
		this(inbox, kernel, rebuilders, listeners, List.of());
	}

	/**
	 * A dispatcher that also runs request/response deliveries ({@link #exchange}) of the encoders' kinds,
	 * their responses encoded by the encoder of their kind and recorded with their outcomes.
	 */
	public DeliveryDispatcher(Inbox inbox, Kernel kernel, List<AppConRebuilder> rebuilders,
			List<IngestionListener> listeners, List<ResponseEncoder> encoders) {
		this(inbox, kernel, rebuilders, listeners, encoders, JsonMapper.shared());
	}

	/**
	 * As {@link #DeliveryDispatcher(Inbox, Kernel, List, List, List)}, keeping what completed calls returned
	 * ({@link JsonCallResults}) with the mapper's settings.
	 */
	public DeliveryDispatcher(Inbox inbox, Kernel kernel, List<AppConRebuilder> rebuilders,
			List<IngestionListener> listeners, List<ResponseEncoder> encoders, JsonMapper mapper) {
		this(inbox, kernel, rebuilders, listeners, encoders, mapper, true);
	}

	/**
	 * As {@link #DeliveryDispatcher(Inbox, Kernel, List, List, List, JsonMapper)}, with the ledger of handler
	 * calls off when {@code ledger} is false ({@code taobus.inbox.ledger}): cascades run unrecorded, as they
	 * did before the ledger, so no call is retried on its own or skipped by a rerun, and a replay runs the
	 * whole cascade again. What the ledger costs is measured against it (bench/ledger.sh).
	 */
	public DeliveryDispatcher(Inbox inbox, Kernel kernel, List<AppConRebuilder> rebuilders,
			List<IngestionListener> listeners, List<ResponseEncoder> encoders, JsonMapper mapper, boolean ledger) {
		this.ledger = ledger;
		this.results = new JsonCallResults(mapper);
		this.inbox = inbox;
		this.kernel = kernel;
		this.rebuilders = List.copyOf(rebuilders);
		this.listeners = List.copyOf(listeners);
		this.encoders = encoders.stream().collect(Collectors.toUnmodifiableMap(ResponseEncoder::kind, (e) -> e));
		this.requests = Channel.on(kernel, "taobus-requests");
	}

	/**
	 * Dispatches a just-committed delivery; never throws. A refusal by the bus releases the row for
	 * recovery.
	 */
	public void dispatch(DeliveryRef ref, AppCon appCon, long bodyBytes, long startNanos, UnaryOperator<Runnable> context) {
		dispatch(ref, List.of(), appCon, bodyBytes, startNanos, context, null);
	}

	/**
	 * As {@link #dispatch(DeliveryRef, AppCon, long, long, UnaryOperator)}, skipping the calls earlier runs
	 * completed (a resend's: {@link io.taobus.inbox.Admission.Rerun#completed()}; none for a new delivery),
	 * its cascade entered through a channel when one is given (whose private handlers see what it chains).
	 */
	public void dispatch(DeliveryRef ref, List<CallRecord> completed, AppCon appCon, long bodyBytes, long startNanos,
			UnaryOperator<Runnable> context, @Nullable Channel channel) {
		try {
			// weighed by its body against the kernel's bytes in flight, released when its cascade ends
			UnaryOperator<Runnable> withDelivery = withDelivery(context, ref.deliveryId());
			CallLog calls = callLog(ref, completed);
			watch(ref, appCon.trigram(), calls, (channel != null)
					? channel.dispatch(appCon, startNanos, withDelivery, bodyBytes, key(ref, calls), calls)
					: this.kernel.dispatch(appCon, startNanos, withDelivery, bodyBytes, key(ref, calls), calls), null);
		}
		catch (KernelSaturatedException ex) {  // KernelClosedException is one: the bus is closing
			deferred(ref, ex);
		}
	}

	/**
	 * Dispatches a just-committed delivery as {@link #dispatch} does, for a sender answered once its
	 * intercept and inline phases end, if they end within {@code answerWithin} of {@code startNanos}: the
	 * stage of that end, with the first inline failure, or failing with {@link TimeoutException} past it.
	 * A failure its sender is answered is left to the sender's own retry (a resend): its outcome is
	 * {@link Completion.Failed#leftToSender()}, so that the inbox does not retry it as well; a failure that
	 * came past the time (the sender was answered 202) is retried as any. It fails with
	 * {@link KernelSaturatedException} when the bus refused the delivery after its commit (released for
	 * recovery). {@code completed} are the calls a resend skips.
	 */
	public CompletionStage<CascadeResult> dispatchAwaitingInline(DeliveryRef ref, List<CallRecord> completed, AppCon appCon,
			long bodyBytes, long startNanos, UnaryOperator<Runnable> context, Duration answerWithin) {
		try {
			CallLog calls = callLog(ref, completed);
			CascadeStages stages = this.kernel.dispatchStaged(appCon, startNanos, withDelivery(context, ref.deliveryId()),
					bodyBytes, key(ref, calls), calls);
			long remaining = Math.max(0, answerWithin.toNanos() - (System.nanoTime() - startNanos));
			// one decision of what the sender is answered, taken by the answer and the outcome alike
			CompletableFuture<CascadeResult> answered = stages.inline().toCompletableFuture().thenApply((inline) -> inline)
				.orTimeout(remaining, TimeUnit.NANOSECONDS);
			CompletionStage<Boolean> failureAnswered = answered.handle((inline, late) -> late == null && inline.failed());
			watch(ref, appCon.trigram(), calls, stages.cascade(), failureAnswered, null);
			return answered.minimalCompletionStage();
		}
		catch (KernelSaturatedException ex) {
			deferred(ref, ex);
			return CompletableFuture.failedStage(ex);
		}
	}

	/**
	 * Dispatches a just-committed request/response delivery; throws only when no encoder serves its kind (a
	 * wiring error, before anything runs). The stage completes with the
	 * response's bytes as soon as the cascade gives one (see {@link io.taobus.tao.Responses}), whatever
	 * the caller's patience: the response is recorded with the delivery's outcome when its cascade ends,
	 * for a repeated request or a lookup. It fails with {@link io.taobus.tao.NoResponseException} or the
	 * handler's error when the cascade ends without one, and with {@link KernelSaturatedException} when the
	 * bus refused the delivery after its commit (released for recovery, which records its response).
	 */
	public CompletionStage<byte[]> exchange(DeliveryRef ref, String kind, AppCon appCon, long bodyBytes,
			long startNanos, UnaryOperator<Runnable> context) {
		return exchange(ref, List.of(), kind, appCon, bodyBytes, startNanos, context, null);
	}

	/**
	 * As {@link #exchange(DeliveryRef, String, AppCon, long, long, UnaryOperator)}, skipping the calls earlier
	 * runs completed (a resend's; none for a new request), through a channel if given.
	 */
	public CompletionStage<byte[]> exchange(DeliveryRef ref, List<CallRecord> completed, String kind, AppCon appCon,
			long bodyBytes, long startNanos, UnaryOperator<Runnable> context, @Nullable Channel channel) {
		ResponseEncoder encoder = this.encoders.get(kind);
		if (encoder == null) {
			throw new IllegalStateException("no response encoder of kind '" + kind + "': such a request cannot run");
		}
		try {
			return request(ref, callLog(ref, completed), encoder, appCon, bodyBytes, startNanos,
					withDelivery(context, ref.deliveryId()),
					(channel != null) ? channel : this.requests);
		}
		catch (KernelSaturatedException ex) {
			deferred(ref, ex);
			return CompletableFuture.failedStage(ex);
		}
	}

	/** A committed delivery the bus refused: released for recovery to run as soon as the bus has room. */
	private void deferred(DeliveryRef ref, KernelSaturatedException refusal) {
		this.deferred.increment();
		logger.debug("Delivery {}/{} stored but refused by the bus ({}); released for recovery", ref.source(),
				ref.deliveryId(), refusal.getClass().getSimpleName());
		this.inbox.released(ref);
	}

	/**
	 * Enters a request through the requests' channel, with no timeout: a response that comes after its
	 * caller gave up is still recorded.
	 * @throws KernelSaturatedException when the bus refuses it
	 */
	private CompletionStage<byte[]> request(DeliveryRef ref, @Nullable CallLog calls, ResponseEncoder encoder, AppCon appCon,
			long bodyBytes, long startNanos, UnaryOperator<Runnable> context, Channel channel) {
		Transponder.Exchange exchange = Transponder.on(channel, Duration.ZERO)
			.exchange(appCon, startNanos, context, bodyBytes, key(ref, calls), calls);
		CompletableFuture<byte[]> response = exchange.response().thenApply((answer) -> {
			try {
				return encoder.encode(answer);
			}
			catch (RuntimeException ex) {
				throw new UnencodableResponseException(answer.trigram().toString(), ex);
			}
		}).toCompletableFuture();
		watch(ref, appCon.trigram(), calls, exchange.cascade(), response);
		return response.minimalCompletionStage();
	}

	/**
	 * Runs a claimed delivery again (a recovery, a replay, an automatic retry), skipping the handler calls
	 * its earlier runs completed ({@link Inbox#completedCalls}, read as the run starts): what each returned
	 * then is taken from the ledger, so that the run takes the same path, and the ledger records it
	 * {@code skipped}. Rethrows the bus's refusal, so that recovery releases the row; a row that can no
	 * longer become an AppCon (its source removed, its body unparsable) is reported failed.
	 */
	@Override
	public void redispatch(ClaimedDelivery claimed) {
		AppCon appCon;
		try {
			appCon = rebuild(claimed.record(), claimed.ref().attempt(), claimed.replay());
		}
		catch (RuntimeException ex) {
			logger.warn("Delivery {}/{} cannot run again: {}", claimed.ref().source(), claimed.ref().deliveryId(),
					ex.getMessage());
			this.inbox.finished(claimed.ref(), Completion.Failed.of(ex, 0, 0));
			return;
		}
		byte[] body = claimed.record().body();
		UnaryOperator<Runnable> context = withDelivery(UnaryOperator.identity(), claimed.ref().deliveryId());
		long weight = (body != null) ? body.length : 0;
		// read as the run starts: only the completions committed before it are skipped
		CallLog calls = callLog(claimed.ref(), (this.ledger) ? this.inbox.completedCalls(claimed.ref()) : List.of());
		ResponseEncoder encoder = encoder(claimed.record());
		if (encoder != null) {
			// no one waits for this run's response: it is recorded, unless the first run's was
			request(claimed.ref(), calls, encoder, appCon, weight, System.nanoTime(), context, this.requests);
			return;
		}
		watch(claimed.ref(), appCon.trigram(), calls, this.kernel.dispatch(appCon, System.nanoTime(), context, weight,
				key(claimed.ref(), calls), calls), null);
	}

	/**
	 * Runs a failed async call again, alone, with the same call id, on the AppCon it ran on: its delivery's
	 * rebuilt from the row, or a chained one as the ledger kept it with the call (see
	 * {@code AsyncRetryRule}); what it chains runs as it would have the first time. Its records are settled
	 * on a virtual thread of their own once it and what it chained have finished. A call that can no longer run (its handler is gone, its delivery no
	 * longer becomes an AppCon) is settled dead with the reason. Rethrows the bus's refusal, so that
	 * recovery gives the retry back.
	 */
	@Override
	public void retry(DueRetry retry) {
		CallLog calls = this.inbox.retryLog(retry).keeping(this.results);
		DeliveryRecord record = retry.delivery();
		DeliveryRef ref = new DeliveryRef(record.id(), record.source(), record.deliveryId(), record.attempts());
		CompletionStage<CascadeResult> run;
		try {
			AppCon appCon = appConOf(retry, record);
			run = this.kernel.retryAsync(appCon, retry.call().handler(), retry.call().hop(), callKey(ref), calls);
		}
		catch (KernelSaturatedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.warn("The retry of {} on delivery {}/{} cannot run: {}", retry.call().handler(), record.source(),
					record.deliveryId(), ex.getMessage());
			calls.unrunnable(retry, ex);
			settle(retry, calls);
			return;
		}
		run.whenComplete((result, error) -> {
			if (error != null) {
				// the kernel gave up waiting at close: the retry stays claimed until its lease expires
				return;
			}
			settle(retry, calls);
		});
	}

	/**
	 * The AppCon a retried call runs on: its delivery's, or the chained one kept with the call.
	 * @throws IllegalStateException when a chained one was not kept or can no longer be read
	 */
	private AppCon appConOf(DueRetry retry, DeliveryRecord record) {
		CallRecord call = retry.call();
		if (!call.onChainedAppCon()) {
			return rebuild(record, record.attempts(), false);
		}
		AppCon kept = (call.result() != null) ? this.results.decodeInput(call.result()) : null;
		if (kept == null) {
			throw new IllegalStateException("the AppCon " + call.trigram() + " of hop " + call.hop()
					+ " was not kept with the call, or can no longer be read");
		}
		return kept;
	}

	private void settle(DueRetry retry, CallLog calls) {
		// JDBC off the kernel's thread, which ended the call
		Thread.ofVirtual().name("taobus-retry-settle").start(() -> {
			try {
				if (!this.inbox.retried(retry, calls.records())) {
					logger.debug("The retry of {} on delivery {}/{} was taken over or superseded; its records are dropped",
							retry.call().handler(), retry.delivery().source(), retry.delivery().deliveryId());
				}
			}
			catch (RuntimeException ex) {
				logger.warn("The retry of {} on delivery {}/{} ran but could not be recorded (it runs again once its "
						+ "lease expires): {}", retry.call().handler(), retry.delivery().source(),
						retry.delivery().deliveryId(), ex.toString());
			}
		});
	}

	/**
	 * A collector of the calls of one run of a delivery, keeping what each completed call returned; none
	 * with the ledger off.
	 */
	private @Nullable CallLog callLog(DeliveryRef ref) {
		return this.ledger ? this.inbox.callLog(ref).keeping(this.results) : null;
	}

	/** As {@link #callLog(DeliveryRef)}, for a rerun that skips the calls earlier runs completed. */
	private @Nullable CallLog callLog(DeliveryRef ref, List<CallRecord> completed) {
		CallLog calls = callLog(ref);
		return (calls != null && !completed.isEmpty()) ? calls.skipping(completed) : calls;
	}

	/** The key of a recorded run's call ids ({@link #callKey}); none for a run not recorded. */
	private static @Nullable String key(DeliveryRef ref, @Nullable CallLog calls) {
		return (calls != null) ? callKey(ref) : null;
	}

	/** What the bus would admit now, so that recovery claims no row it would refuse. */
	@Override
	public int capacity() {
		return this.kernel.headroom();
	}

	/**
	 * The AppCon of a stored delivery, for another run: rebuilt by the endpoint of its source, its
	 * metadata saying which run.
	 * @throws IngestionException when its source is no longer configured or its body no longer parses
	 */
	private AppCon rebuild(DeliveryRecord record, int attempt, boolean replay) {
		byte[] body = (record.body() != null) ? record.body() : new byte[0];
		DeliveryMetadata metadata = new DeliveryMetadata(record.source(), record.deliveryId(), record.receivedAt(),
				record.headers(), attempt, replay);
		for (AppConRebuilder rebuilder : this.rebuilders) {
			AppCon appCon = rebuilder.rebuild(record, body, metadata);
			if (appCon != null) {
				return appCon;
			}
		}
		throw IngestionException.malformed("source '" + record.source() + "' is no longer configured");
	}

	/** Deliveries stored, then refused by the bus and left to recovery, since start. */
	public long deferred() {
		return this.deferred.sum();
	}

	/** Deliveries whose cascade is running now. */
	int running() {
		return this.running.get();
	}

	/**
	 * Refuses a delivery before it is stored when the bus could not run it now: 503 once the kernel is
	 * closing (shutdown), 429 while it is saturated (AppCons and async calls in flight, or bytes). Both are retried by the sender; nothing is stored,
	 * so the retry is not a duplicate. The check races with other deliveries: one that passes it and
	 * then finds the bus full after its commit is acknowledged all the same and left to recovery.
	 */
	void checkAdmission(long bodyBytes) {
		if (this.kernel.isClosed()) {
			throw new IngestionException(HttpStatus.SERVICE_UNAVAILABLE, IngestionOutcome.THROTTLED,
					"taobus is shutting down; retry later");
		}
		if (!this.kernel.wouldAdmit(bodyBytes)) {
			throw new IngestionException(HttpStatus.TOO_MANY_REQUESTS, IngestionOutcome.THROTTLED,
					"taobus is saturated; retry later");
		}
	}

	/**
	 * Admits a delivery's body for storing, as {@link #checkAdmission} does, and counts it while the inbox
	 * stores it: the bodies waiting for the inbox's commit and those of running cascades together stay within
	 * the kernel's {@code max-inflight-bytes} (the first always fits, as in the kernel), so that a slow
	 * database cannot fill the heap with bodies queued for its writer. Refused with 429, nothing stored.
	 * @return what gives the bytes back, to run once the inbox answered (committed, or refused)
	 */
	Runnable reserve(long bodyBytes) {
		checkAdmission(bodyBytes);
		long limit = this.kernel.maxInflightBytes();
		if (limit <= 0 || bodyBytes <= 0) {
			return () -> {
			};
		}
		long held = this.storing.getAndAdd(bodyBytes) + this.kernel.inflightBytes();
		if (held > 0 && bodyBytes > limit - held) {
			this.storing.addAndGet(-bodyBytes);
			throw new IngestionException(HttpStatus.TOO_MANY_REQUESTS, IngestionOutcome.THROTTLED,
					"taobus is saturated (bodies waiting to be stored); retry later");
		}
		return () -> this.storing.addAndGet(-bodyBytes);
	}

	/** Logs what shutdown leaves for recovery. */
	@Override
	public void close() {
		int left = this.running.get();
		if (left > 0) {
			logger.warn("Shutdown left {} deliveries unfinished: they stay pending and run again once their leases expire",
					left);
		}
		else {
			logger.info("Shutdown: every dispatched delivery finished");
		}
	}

	/**
	 * The encoder of a stored request/response delivery ({@link #REPLY_HEADER}), or {@code null} for
	 * another delivery, or a kind no longer served (run as a plain delivery then, its response unrecorded).
	 */
	private @Nullable ResponseEncoder encoder(DeliveryRecord record) {
		String kind = record.headers().get(REPLY_HEADER);
		return (kind != null) ? this.encoders.get(kind) : null;
	}

	/**
	 * What the ids of a delivery's handler calls derive from ({@link io.taobus.tao.CallId}): its source and
	 * id, the same for every run of it.
	 */
	static String callKey(DeliveryRef ref) {
		return ref.source() + '\u0000' + ref.deliveryId();
	}

	/**
	 * Reports a cascade's end to the inbox with the handler calls it recorded, and the response's bytes
	 * when it is a request's and gave one (a response handler's AppCon comes before the cascade's end, so it
	 * is there by then).
	 */
	private void watch(DeliveryRef ref, Trigram trigram, @Nullable CallLog calls, CompletionStage<CascadeResult> cascade,
			@Nullable CompletableFuture<byte[]> response) {
		watch(ref, trigram, calls, cascade, null, response);
	}

	/**
	 * As {@link #watch(DeliveryRef, Trigram, CallLog, CompletionStage, CompletableFuture)}, a failure left to
	 * its sender's retry when {@code failureAnswered} says the sender was answered it (decided by the end of
	 * the inline phases, so by the cascade's end at the latest).
	 */
	private void watch(DeliveryRef ref, Trigram trigram, @Nullable CallLog calls, CompletionStage<CascadeResult> cascade,
			@Nullable CompletionStage<Boolean> failureAnswered, @Nullable CompletableFuture<byte[]> response) {
		this.running.incrementAndGet();
		if (failureAnswered == null) {
			cascade.whenComplete((result, error) -> ended(ref, trigram, calls, result, error, response, false));
			return;
		}
		cascade.whenComplete((result, error) -> failureAnswered.thenAccept(
				(answered) -> ended(ref, trigram, calls, result, error, response, answered)));
	}

	/** Reports a cascade's end to the inbox (nothing when the kernel gave up waiting for it at close). */
	private void ended(DeliveryRef ref, Trigram trigram, @Nullable CallLog calls, @Nullable CascadeResult result,
			@Nullable Throwable error, @Nullable CompletableFuture<byte[]> response, boolean leftToSender) {
		this.running.decrementAndGet();
		if (error != null || result == null) {
			// the kernel gave up waiting at close: the row stays pending under its lease
			return;
		}
		List<CallRecord> recorded = (calls != null) ? calls.records() : List.of();
		byte[] answered = (response != null && response.isDone() && !response.isCompletedExceptionally())
				? response.join() : null;
		if (result.failed()) {
			Completion.Failed failed = Completion.Failed.of(result.failure(), result.handlerCalls(), result.asyncErrors());
			this.inbox.finished(ref, leftToSender ? failed.leftToSender() : failed, recorded, answered);
			return;
		}
		Completion.Completed completed = new Completion.Completed(result.handlerCalls(), result.asyncErrors());
		this.inbox.finished(ref, completed, recorded, answered);
		if (completed.unhandled()) {
			Trigram mapping = mapping(ref.source());
			this.listeners.forEach((listener) -> listener.unhandled(ref.source(), mapping, trigram, ref.deliveryId()));
		}
	}

	/** The trigram pattern of a source's mapping, by the endpoint of the source; all wild when none knows it. */
	private Trigram mapping(String source) {
		for (AppConRebuilder rebuilder : this.rebuilders) {
			Trigram mapping = rebuilder.mapping(source);
			if (mapping != null) {
				return mapping;
			}
		}
		return Trigram.ALL;
	}

	private static UnaryOperator<Runnable> withDelivery(UnaryOperator<Runnable> context, String deliveryId) {
		// the cascade's first thread gets the request's context and the delivery id in its MDC; the kernel
		// carries both on to every later thread of the cascade
		return (task) -> context.apply(() -> {
			try (MDC.MDCCloseable delivery = MDC.putCloseable(DeliveryMetadata.MDC_KEY, deliveryId)) {
				task.run();
			}
		});
	}

}
