package io.taobus.inbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which rows a bulk {@link Inbox#replay(ReplayFilter)} runs again. Pending rows are never replayed
 * (they are running, or recovery will run them), nor rows whose body expired. Without a status, only
 * what failed: with a handler or an error class, the deliveries with a failing call of theirs (whatever
 * the delivery's status: an async call dead on a completed cascade too); without, the failed and dead
 * deliveries and those with any failing call. A completed delivery that nothing failed in runs again only
 * when {@code completed} is asked for. The conditions are {@link DeliveryFilters}'.
 *
 * @param source only this source, or {@code null}
 * @param status only this settled status, or {@code null} for what failed
 * @param from only rows received at or after this instant, or {@code null}
 * @param to only rows received before this instant, or {@code null}
 * @param handler only deliveries with a failing call of this handler (its latest attempt {@code failed}
 * or {@code dead}), or {@code null}
 * @param errorClass only deliveries with a failing call that threw this exception class, or {@code null}
 * @param scope what each replay runs again
 */
public record ReplayFilter(@Nullable String source, @Nullable DeliveryStatus status, @Nullable Instant from,
		@Nullable Instant to, @Nullable String handler, @Nullable String errorClass, ReplayScope scope) {

	public ReplayFilter {
		java.util.Objects.requireNonNull(scope, "scope");
		if (status == DeliveryStatus.PENDING) {
			throw new IllegalArgumentException("pending deliveries are not replayed: they are running or will be recovered");
		}
		if (from != null && to != null && !from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to");
		}
	}

	/** A filter without the filters by failing call, whose replays run again only what did not complete. */
	public ReplayFilter(@Nullable String source, @Nullable DeliveryStatus status, @Nullable Instant from,
			@Nullable Instant to) {
		this(source, status, from, to, null, null);
	}

	/** A filter whose replays run again only what did not complete. */
	public ReplayFilter(@Nullable String source, @Nullable DeliveryStatus status, @Nullable Instant from,
			@Nullable Instant to, @Nullable String handler, @Nullable String errorClass) {
		this(source, status, from, to, handler, errorClass, ReplayScope.FAILED);
	}

	/** Whether it filters by a failing call (a handler, an error class). */
	boolean callFilter() {
		return this.handler != null || this.errorClass != null;
	}

}
