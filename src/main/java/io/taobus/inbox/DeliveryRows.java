package io.taobus.inbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads rows of {@code inbox_delivery} into {@link DeliveryRecord}s, and binds instants, in one place
 * for every statement of the {@link JdbcInbox}.
 */
final class DeliveryRows {

	/** Every column but the body, plus whether the body is kept. */
	static final String COLUMNS = "id, source, delivery_id, status, attempts, term, action, orient, content_type, "
			+ "headers, received_at, completed_at, handler_calls, async_errors, last_error, replay, retry_at, "
			+ "(body IS NOT NULL) AS body_kept";

	/** {@link #COLUMNS}, the body and the response. */
	static final String COLUMNS_WITH_BODY = COLUMNS + ", body, response";

	private DeliveryRows() {
	}

	static DeliveryRecord read(ResultSet rs, boolean withBody) throws SQLException {
		byte[] body = withBody ? rs.getBytes("body") : null;
		return new DeliveryRecord(rs.getLong("id"), rs.getString("source"), rs.getString("delivery_id"),
				DeliveryStatus.of(rs.getString("status")), rs.getInt("attempts"), rs.getString("term"),
				rs.getString("action"), rs.getString("orient"), rs.getString("content_type"),
				HeaderCodec.decode(rs.getString("headers")), instant(rs, "received_at"), nullableInstant(rs, "completed_at"),
				rs.getInt("handler_calls"), rs.getInt("async_errors"), rs.getString("last_error"), body,
				rs.getBoolean("body_kept"), withBody ? rs.getBytes("response") : null, nullableInstant(rs, "retry_at"));
	}

	static List<DeliveryRecord> readAll(PreparedStatement statement, boolean withBody) throws SQLException {
		List<DeliveryRecord> records = new ArrayList<>();
		try (ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				records.add(read(rs, withBody));
			}
		}
		return records;
	}

	static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Instant instant = nullableInstant(rs, column);
		if (instant == null) {
			throw new SQLException(column + " is null");
		}
		return instant;
	}

	private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
