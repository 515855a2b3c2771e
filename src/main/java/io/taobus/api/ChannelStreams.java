package io.taobus.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.taobus.ingestion.IngestionException;
import io.taobus.tao.AppCon;
import io.taobus.tao.Channel;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The live stream per channel, the server analogue of tao.js's socket.io bridge: a client that opens
 * {@code GET /tao/stream?channel=<id>} receives what its own requests chain, those it sends to
 * {@code POST /tao/appcons} or {@code /tao/context} with {@code Taobus-Channel: <id>}, and nothing of any
 * other request. Each id with a subscriber has a {@link Channel} on the kernel, whose private handler (on
 * every trigram) sees only the AppCons chained in cascades entered through it and hands them to the id's
 * subscribers; a request naming an id nobody watches runs as any other. Node-local: a request reaches
 * the streams of the node that ran it, and a rerun (recovery, replay) reaches none.
 */
final class ChannelStreams {

	/** The request header that names the channel a request's cascade is entered through. */
	static final String HEADER = "Taobus-Channel";

	/** What a channel id is. */
	static final String RULE = "a channel id is 1 to 64 letters, digits or . _ ~ -";

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

	private final Kernel kernel;

	private final LiveStream stream;

	private final Map<String, Watched> watched = new ConcurrentHashMap<>();

	ChannelStreams(Kernel kernel, LiveStream stream) {
		this.kernel = kernel;
		this.stream = stream;
	}

	/**
	 * The AppCons chained by the requests of a channel ({@link #valid} id), matching the pattern, until the
	 * client leaves.
	 */
	Flux<LiveStream.Event> subscribe(String id, Trigram pattern) {
		return Flux.defer(() -> {
			Watched stream = this.watched.compute(id, (key, existing) -> {
				Watched watching = (existing != null) ? existing : open(key);
				watching.subscribers.incrementAndGet();
				return watching;
			});
			return stream.events.subscribe(pattern).doFinally((signal) -> leave(id, stream));
		});
	}

	/**
	 * The channel a request names in {@link #HEADER}, if anyone on this node watches it; {@code null}
	 * otherwise (the request then runs as any other).
	 * @throws IngestionException (400) for an id that could not be one
	 */
	@Nullable Channel channel(@Nullable String id) {
		if (id == null || id.isBlank()) {
			return null;
		}
		String channel = id.strip();
		if (!valid(channel)) {
			throw IngestionException.malformed(HEADER + ": " + RULE);
		}
		Watched stream = this.watched.get(channel);
		return (stream != null) ? stream.channel : null;
	}

	int channels() {
		return this.watched.size();
	}

	private Watched open(String id) {
		Channel channel = Channel.on(this.kernel, "stream-" + id);
		LiveStream events = this.stream.sibling();
		// every AppCon the channel's cascades chain, handed to its subscribers; never fails a cascade
		channel.addInlineHandler(Trigram.ALL, "stream:" + id, (appCon) -> {
			events.appConDispatched(appCon, true);
			return (AppCon) null;
		});
		return new Watched(channel, events, new AtomicInteger());
	}

	private void leave(String id, Watched stream) {
		this.watched.computeIfPresent(id, (key, current) -> {
			if (current != stream || current.subscribers.decrementAndGet() > 0) {
				return current;
			}
			current.channel.close();
			return null;
		});
	}

	/** Whether a channel id is one: {@value #RULE}. */
	static boolean valid(String id) {
		return ID.matcher(id).matches();
	}

	private record Watched(Channel channel, LiveStream events, AtomicInteger subscribers) {
	}

}
