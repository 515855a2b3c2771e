package io.taobus.api;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taobus.inbox.HandlerFigures;
import io.taobus.tao.HandlerInfo;
import org.jspecify.annotations.Nullable;

/**
 * A handler as {@code GET /tao/handlers} shows it: its registration and what the ledger holds of its
 * calls, so that an operator finds the handler that fails and the deliveries to replay
 * ({@code GET /tao/deliveries?handler=}) without reading logs.
 *
 * @param handler the handler's name (what {@code handler=} filters the deliveries by)
 * @param kind {@code intercept}, {@code inline} or {@code async}
 * @param pattern the trigram pattern it is registered under, {@code term|action|orient} ({@code *} for
 * any); absent for a handler no longer registered whose calls are still on record
 * @param calls its runs on record (every attempt of every call, within retention)
 * @param failed runs that failed and are settled so: retried since, or failed with their delivery's cascade
 * @param retrying runs that failed and whose retry is due
 * @param dead calls that failed for good: their retries are spent, or they said not to retry
 * @param lastFailure its last failed run, absent when none failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HandlerView(String handler, String kind, @Nullable String pattern, long calls, long failed, long retrying,
		long dead, @Nullable LastFailure lastFailure) {

	/** The registrations in registration order, then the handlers on record that none accounts for. */
	static Handlers of(List<HandlerInfo> registrations, List<HandlerFigures> figures) {
		return new Handlers(Stream.concat(
				registrations.stream().map((registration) -> of(registration.pattern().toString(),
						HandlerFigures.of(figures, registration))),
				HandlerFigures.unregistered(figures, registrations).stream().map((unregistered) -> of(null, unregistered)))
			.toList());
	}

	private static HandlerView of(@Nullable String pattern, HandlerFigures figures) {
		HandlerFigures.LastFailure last = figures.lastFailure();
		return new HandlerView(figures.handler(), figures.kind(), pattern, figures.calls(), figures.failed(),
				figures.retrying(), figures.dead(),
				(last != null) ? new LastFailure(last.at(), last.errorClass(), last.fingerprint()) : null);
	}

	/**
	 * A handler's last failed run.
	 * @param at when it started
	 * @param errorClass the exception's class (what {@code errorClass=} filters the deliveries by)
	 * @param fingerprint a hash of the exception's class and top frames, equal for the failures of one bug
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record LastFailure(Instant at, @Nullable String errorClass, @Nullable String fingerprint) {
	}

	/**
	 * The handlers.
	 * @param handlers the registrations in registration order, then the handlers no longer registered
	 */
	record Handlers(List<HandlerView> handlers) {
	}

}
