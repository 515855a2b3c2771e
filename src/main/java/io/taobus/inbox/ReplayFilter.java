package io.taobus.inbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which rows a bulk {@link Inbox#replay(ReplayFilter)} runs again. Pending rows are never replayed
 * (they are running, or recovery will run them), nor rows whose body expired.
 *
 * @param source only this source, or {@code null}
 * @param status only this settled status, or {@code null} for completed, failed and dead alike
 * @param from only rows received at or after this instant, or {@code null}
 * @param to only rows received before this instant, or {@code null}
 * @param scope what each replay runs again
 */
public record ReplayFilter(@Nullable String source, @Nullable DeliveryStatus status, @Nullable Instant from,
		@Nullable Instant to, ReplayScope scope) {

	/** A filter whose replays run again only what did not complete. */
	public ReplayFilter(@Nullable String source, @Nullable DeliveryStatus status, @Nullable Instant from,
			@Nullable Instant to) {
		this(source, status, from, to, ReplayScope.FAILED);
	}

	public ReplayFilter {
		java.util.Objects.requireNonNull(scope, "scope");
		if (status == DeliveryStatus.PENDING) {
			throw new IllegalArgumentException("pending deliveries are not replayed: they are running or will be recovered");
		}
		if (from != null && to != null && !from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to");
		}
	}

}
