package io.taobus.api;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import io.taobus.tao.AppCon;
import io.taobus.tao.KernelListener;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The AppCons passing through the bus, for {@code GET /tao/stream}. Each subscriber has a pattern and
 * a bounded buffer; the bus only ever offers to it, so a slow client can never slow the bus: when its
 * buffer is full, it is dropped with an error and must reconnect.
 */
public final class LiveStream implements KernelListener {

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final int bufferSize;

	public LiveStream(int bufferSize) {
		this.bufferSize = bufferSize;
	}

	/** A stream of its own with this one's buffer size, for events this one is not told of. */
	LiveStream sibling() {
		return new LiveStream(this.bufferSize);
	}

	/** The AppCons matching the pattern, from now until the client leaves or falls behind. */
	Flux<Event> subscribe(Trigram pattern) {
		Queue<Event> buffer = new ArrayBlockingQueue<>(this.bufferSize);
		Sinks.Many<Event> sink = Sinks.many().unicast().onBackpressureBuffer(buffer);
		Subscriber subscriber = new Subscriber(pattern, sink);
		this.subscribers.add(subscriber);
		return sink.asFlux().doFinally((signal) -> this.subscribers.remove(subscriber));
	}

	int subscribers() {
		return this.subscribers.size();
	}

	@Override
	public void appConDispatched(AppCon appCon, boolean matched) {
		if (this.subscribers.isEmpty()) {
			return;
		}
		Event event = null;
		for (Subscriber subscriber : this.subscribers) {
			if (subscriber.pattern().matches(appCon.trigram())) {
				event = (event != null) ? event : Event.of(appCon);
				offer(subscriber, event);
			}
		}
	}

	/**
	 * Offers an event without ever waiting for the client. Dispatch threads emit concurrently, and a
	 * sink takes one emitter at a time, so emissions to one subscriber are serialized; the lock is held
	 * only for a non-blocking hand-over into the bounded buffer.
	 */
	private void offer(Subscriber subscriber, Event event) {
		Sinks.EmitResult result;
		synchronized (subscriber) {
			result = subscriber.sink().tryEmitNext(event);
			if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
				subscriber.sink().tryEmitError(new SlowClientException(this.bufferSize));
			}
		}
		if (result.isFailure()) {
			this.subscribers.remove(subscriber);
		}
	}

	private record Subscriber(Trigram pattern, Sinks.Many<Event> sink) {
	}

	/**
	 * One AppCon as the stream shows it.
	 * @param term the term
	 * @param action the action
	 * @param orient the orient
	 * @param data the data keyed by the trigram's names
	 * @param at when it was dispatched
	 */
	public record Event(String term, String action, String orient, java.util.Map<String, Object> data, Instant at) {

		static Event of(AppCon appCon) {
			return new Event(appCon.term(), appCon.action(), appCon.orient(), appCon.data(), Instant.now());
		}

	}

	/** Ends the stream of a client that fell a whole buffer behind. */
	static final class SlowClientException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SlowClientException(int bufferSize) {
			super("the client fell " + bufferSize + " events behind and was dropped; reconnect", null, false, false);
		}

	}


}
