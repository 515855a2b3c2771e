package io.taobus.inbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INFO line of what a claim round of {@link InboxRecovery} picked up: the rows whose lease had
 * expired (a crashed or stopped node's), per source, and the replays, so that an operator who restarted
 * a node sees its deliveries taken up rather than a silent backlog. One line per round that claimed
 * something, at most one per {@link #INTERVAL}: the rounds in between are added up into the next line,
 * which says since when. Called from the recovery's one claim thread; the sources are configured names,
 * a bounded set.
 */
final class RecoveryLog {

	private static final Logger logger = LoggerFactory.getLogger(InboxRecovery.class);

	/** At most one line this often: a long recovery claims every claim interval. */
	static final Duration INTERVAL = Duration.ofMinutes(1);

	private final LongSupplier nanoClock;

	private final Map<String, Integer> recovered = new TreeMap<>();

	private int replayed;

	private int rounds;

	private long lastLine;

	private boolean logged;

	RecoveryLog(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	/** Counts what one round claimed, and logs it with what was held back, unless a line went out within the interval. */
	void round(List<ClaimedDelivery> claimed) {
		for (ClaimedDelivery delivery : claimed) {
			if (delivery.replay()) {
				this.replayed++;
			}
			else {
				this.recovered.merge(delivery.ref().source(), 1, Integer::sum);
			}
		}
		if (!claimed.isEmpty()) {
			this.rounds++;
		}
		if (this.rounds == 0) {
			return;
		}
		long now = this.nanoClock.getAsLong();
		if (this.logged && now - this.lastLine < INTERVAL.toNanos()) {
			return;
		}
		int total = this.recovered.values().stream().mapToInt(Integer::intValue).sum();
		String sources = this.recovered.entrySet().stream()
			.map((source) -> source.getKey() + " " + source.getValue())
			.collect(Collectors.joining(", "));
		String span = (this.rounds > 1) ? " in " + this.rounds + " claim rounds since the last such line" : "";
		logger.info("Inbox recovery picked up {} {} whose lease had expired{} and {} marked for replay{}; they run "
				+ "again now", total, (total == 1) ? "delivery" : "deliveries", (total > 0) ? " (" + sources + ")" : "",
				this.replayed, span);
		this.recovered.clear();
		this.replayed = 0;
		this.rounds = 0;
		this.lastLine = now;
		this.logged = true;
	}

}
