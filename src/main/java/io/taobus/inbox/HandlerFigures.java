package io.taobus.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.taobus.tao.HandlerInfo;

import org.jspecify.annotations.Nullable;

/**
 * What the ledger holds of one handler's calls ({@link Inbox#handlerFigures()}): its runs on record and
 * where they stand, so that an operator sees which handler fails, how often, and since when, without
 * reading logs. A run is one row of the ledger (one attempt of one call); the figures cover what
 * retention keeps.
 *
 * @param handler the handler's name
 * @param kind {@code intercept}, {@code inline} or {@code async}
 * @param calls its runs on record, every attempt of every call
 * @param failed runs that failed and are settled so: retried since (their retry has its own run), or
 * failed with their delivery's cascade
 * @param retrying its calls whose last record is retrying: a retry is due or coming ({@link CallTally},
 * the rule the gauges share)
 * @param dead its calls whose last record is dead: given up for good and not run again since
 * ({@link CallTally})
 * @param lastFailure the last run that failed, or {@code null} when none did
 */
public record HandlerFigures(String handler, String kind, long calls, long failed, long retrying, long dead,
		@Nullable LastFailure lastFailure) {

	/** The most handlers one reading returns: the ledger keeps the names of handlers long gone too. */
	public static final int MAX_HANDLERS = 1000;

	public HandlerFigures {
		Objects.requireNonNull(handler, "handler");
		Objects.requireNonNull(kind, "kind");
	}

	/**
	 * These figures with their {@code retrying} and {@code dead} taken from the tallies, which judge each
	 * call by its last record ({@link CallTally}): a dead call replayed since is no longer dead.
	 */
	static List<HandlerFigures> withTallies(List<HandlerFigures> figures, List<CallTally> tallies) {
		return figures.stream().map((figure) -> {
			CallTally tally = tallies.stream()
				.filter((candidate) -> candidate.handler().equals(figure.handler()) && candidate.kind().equals(figure.kind()))
				.findFirst()
				.orElse(null);
			return new HandlerFigures(figure.handler(), figure.kind(), figure.calls(), figure.failed(),
					(tally != null) ? tally.retrying() : 0, (tally != null) ? tally.dead() : 0, figure.lastFailure());
		}).toList();
	}

	/** The figures of a registration among these (by its name and kind), zeros when the ledger has none of it. */
	public static HandlerFigures of(List<HandlerFigures> figures, HandlerInfo registration) {
		String kind = registration.kind().tag();
		return figures.stream()
			.filter((candidate) -> candidate.handler().equals(registration.name()) && candidate.kind().equals(kind))
			.findFirst()
			.orElseGet(() -> new HandlerFigures(registration.name(), kind, 0, 0, 0, 0, null));
	}

	/** Those of these figures no registration accounts for: handlers removed or renamed since their calls ran. */
	public static List<HandlerFigures> unregistered(List<HandlerFigures> figures, List<HandlerInfo> registrations) {
		return figures.stream()
			.filter((candidate) -> registrations.stream()
				.noneMatch((registration) -> registration.name().equals(candidate.handler())
						&& registration.kind().tag().equals(candidate.kind())))
			.toList();
	}

	/**
	 * The last failed run of a handler.
	 * @param at when it started
	 * @param errorClass the exception's class name
	 * @param fingerprint where it was thrown ({@link ErrorText#fingerprint}), equal for the failures of one bug
	 */
	public record LastFailure(Instant at, @Nullable String errorClass, @Nullable String fingerprint) {

		public LastFailure {
			Objects.requireNonNull(at, "at");
		}

	}

}
