package io.taobus.inbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A page request of {@link Inbox#list}: newest first, without bodies.
 *
 * @param source only this source, or {@code null} for all
 * @param status only this status, or {@code null} for all
 * @param since only rows received at or after this instant, or {@code null}
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 * @param cursor the {@link DeliveryPage#nextCursor()} of the previous page, or {@code null} for the
 * first page
 * @param handler only deliveries with a failing call of this handler (its latest attempt {@code failed}
 * or {@code dead}), or {@code null}
 * @param errorClass only deliveries with a failing call that threw this exception class (its name), or
 * {@code null}; with {@code handler}, the same call
 */
public record DeliveryQuery(@Nullable String source, @Nullable DeliveryStatus status, @Nullable Instant since,
		int limit, @Nullable String cursor, @Nullable String handler, @Nullable String errorClass) {

	/** The largest page. */
	public static final int MAX_LIMIT = 500;

	public DeliveryQuery {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
		}
		if (cursor != null) {
			Cursors.decode(cursor);
		}
	}

	/** A page request without the filters by failing call. */
	public DeliveryQuery(@Nullable String source, @Nullable DeliveryStatus status, @Nullable Instant since, int limit,
			@Nullable String cursor) {
		this(source, status, since, limit, cursor, null, null);
	}

	/** The first page of everything, newest first. */
	public static DeliveryQuery first(int limit) {
		return new DeliveryQuery(null, null, null, limit, null);
	}

	/** The same query for the page after the given cursor. */
	public DeliveryQuery after(String nextCursor) {
		return new DeliveryQuery(this.source, this.status, this.since, this.limit, nextCursor, this.handler,
				this.errorClass);
	}

	/** The row id below which this page starts, {@link Long#MAX_VALUE} for the first page. */
	long beforeId() {
		return (this.cursor != null) ? Cursors.decode(this.cursor) : Long.MAX_VALUE;
	}

}
