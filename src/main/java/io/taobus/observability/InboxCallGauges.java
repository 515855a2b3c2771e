package io.taobus.observability;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallStatus;
import io.taobus.inbox.CallTally;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxListener;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's waiting calls as gauges, by handler and kind: {@code taobus.inbox.calls.retrying}, the
 * calls whose retry is coming, and {@code taobus.inbox.calls.dead}, the calls given up for good and not
 * run again since ({@link Inbox#callTallies}). A handler gets its pair of gauges when it is an async
 * registration ({@link #register(List)}, at startup), when the ledger records a failure of it
 * ({@link #callsRecorded}), or when a reading names it (a dead call of a handler since removed), so that
 * the series are those of handler names, a bounded set. Like {@link InboxGauges}, a reading is a
 * {@link DetachedRead} shared by every gauge for {@link InboxGauges#MAX_AGE}, and one that fails or
 * passes {@link InboxGauges#READ_DEADLINE} shows as NaN.
 */
final class InboxCallGauges implements MeterBinder, InboxListener {

	private final DetachedRead<List<CallTally>> tallies;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private volatile @Nullable MeterRegistry registry;

	private volatile @Nullable Reading last;

	/** @param tallies {@link Inbox#callTallies} of the inbox, which may be built after this */
	InboxCallGauges(Supplier<List<CallTally>> tallies) {
		this(tallies, InboxGauges.READ_DEADLINE);
	}

	InboxCallGauges(Supplier<List<CallTally>> tallies, Duration deadline) {
		this.tallies = new DetachedRead<>("taobus-inbox-call-tallies", tallies, deadline);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Registers the gauges of the async handlers among these registrations. */
	void register(List<HandlerInfo> registrations) {
		registrations.stream()
			.filter((info) -> info.kind() == HandlerKind.ASYNC)
			.forEach((info) -> register(info.name(), info.kind().tag()));
	}

	@Override
	public void callsRecorded(String source, String deliveryId, List<CallRecord> calls) {
		for (CallRecord call : calls) {
			if (call.status() == CallStatus.RETRYING || call.status() == CallStatus.DEAD) {
				register(call.handler(), call.kind());
			}
		}
	}

	private void register(String handler, String kind) {
		MeterRegistry registry = this.registry;
		if (registry == null || !this.registered.add(handler + "\n" + kind)) {
			return;
		}
		Gauge.builder("taobus.inbox.calls.retrying", this, (gauges) -> gauges.read(handler, kind, CallTally::retrying))
			.description("Handler calls on the ledger waiting for a retry, by handler and kind")
			.tag("handler", handler)
			.tag("kind", kind)
			.register(registry);
		Gauge.builder("taobus.inbox.calls.dead", this, (gauges) -> gauges.read(handler, kind, CallTally::dead))
			.description("Handler calls on the ledger given up for good and not run again since, by handler and kind")
			.tag("handler", handler)
			.tag("kind", kind)
			.register(registry);
	}

	private double read(String handler, String kind, ToLongFunction<CallTally> value) {
		Map<String, CallTally> tallies = reading();
		if (tallies == null) {
			return Double.NaN;
		}
		CallTally tally = tallies.get(handler + "\n" + kind);
		return (tally != null) ? value.applyAsLong(tally) : 0;
	}

	private @Nullable Map<String, CallTally> reading() {
		Reading reading = this.last;
		long now = System.nanoTime();
		if (reading == null || now - reading.nanos() > InboxGauges.MAX_AGE.toNanos()) {
			Map<String, CallTally> tallies;
			try {
				tallies = new HashMap<>();
				for (CallTally tally : this.tallies.get()) {
					tallies.put(tally.handler() + "\n" + tally.kind(), tally);
				}
			}
			catch (TimeoutException | ExecutionException ex) {
				tallies = null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				tallies = null;
			}
			reading = new Reading(tallies, now);
			this.last = reading;
			if (tallies != null) {
				tallies.values().forEach((tally) -> register(tally.handler(), tally.kind()));
			}
		}
		return reading.tallies();
	}

	private record Reading(@Nullable Map<String, CallTally> tallies, long nanos) {
	}

}
