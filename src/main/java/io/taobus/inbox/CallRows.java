package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The SQL of the ledger of handler calls ({@code inbox_handler_call}, see {@link CallRecord}) in one
 * place: the multi-row insert the {@link OutcomeWriter} runs in a delivery outcome's transaction, the
 * read of a delivery's timeline, the figures per handler, and the tallies of calls retrying and dead
 * per handler.
 */
final class CallRows {

	/** Rows per insert statement: 16 parameters a row, far below PostgreSQL's 32,767. */
	static final int PER_INSERT = 200;

	private static final String INSERT = "INSERT INTO inbox_handler_call (delivery_row, call_id, hop, trigram, handler, "
			+ "kind, attempt, status, outcome, started_at, duration_micros, error_class, message, fingerprint, due_at, result) VALUES ";

	private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	static final String COLUMNS = "c.call_id, c.hop, c.trigram, c.handler, c.kind, c.attempt, c.status, "
			+ "c.outcome, c.started_at, c.duration_micros, c.error_class, c.message, c.fingerprint, c.due_at, c.result";

	private CallRows() {
	}

	/** A delivery row's calls to insert. */
	record Insert(long deliveryRow, List<CallRecord> calls) {
	}

	/** Inserts the calls of these delivery rows, {@value #PER_INSERT} rows a statement. */
	static void insert(Connection connection, List<Insert> inserts) throws SQLException {
		List<Object[]> rows = new ArrayList<>();
		for (Insert insert : inserts) {
			for (CallRecord call : insert.calls()) {
				rows.add(new Object[] { insert.deliveryRow(), call });
			}
		}
		for (int from = 0; from < rows.size(); from += PER_INSERT) {
			List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + PER_INSERT));
			try (PreparedStatement statement = connection.prepareStatement(INSERT + (ROW + ", ").repeat(chunk.size() - 1) + ROW)) {
				statement.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
				int index = 1;
				for (Object[] row : chunk) {
					index = bind(statement, index, (Long) row[0], (CallRecord) row[1]);
				}
				statement.executeUpdate();
			}
		}
	}

	private static int bind(PreparedStatement statement, int start, long deliveryRow, CallRecord call)
			throws SQLException {
		int index = start;
		statement.setLong(index++, deliveryRow);
		statement.setString(index++, call.callId());
		statement.setString(index++, call.hop());
		statement.setString(index++, call.trigram());
		statement.setString(index++, call.handler());
		statement.setString(index++, call.kind());
		statement.setInt(index++, call.attempt());
		statement.setString(index++, call.status().value());
		statement.setString(index++, call.outcome());
		statement.setObject(index++, DeliveryRows.timestamp(call.startedAt()));
		statement.setLong(index++, call.durationMicros());
		statement.setString(index++, call.errorClass());
		statement.setString(index++, call.message());
		statement.setString(index++, call.fingerprint());
		if (call.dueAt() != null) {
			statement.setObject(index++, DeliveryRows.timestamp(call.dueAt()));
		}
		else {
			statement.setNull(index++, Types.TIMESTAMP_WITH_TIMEZONE);
		}
		statement.setString(index++, call.result());
		return index;
	}

	/** The calls of a delivery, run by run ({@link CallRecord#TIMELINE}). */
	static List<CallRecord> timeline(Connection connection, String source, String deliveryId) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM inbox_handler_call c "
				+ "JOIN inbox_delivery d ON d.id = c.delivery_row WHERE d.source = ? AND d.delivery_id = ? "
				+ "ORDER BY c.attempt, c.started_at, c.id")) {
			select.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
			select.setString(1, source);
			select.setString(2, deliveryId);
			List<CallRecord> calls = new ArrayList<>();
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					calls.add(read(rs));
				}
			}
			return calls;
		}
	}

	/**
	 * The figures per handler ({@link HandlerFigures}): one grouped scan of the ledger (bounded by
	 * retention and the query timeout), at most {@link HandlerFigures#MAX_HANDLERS} groups, each joined to
	 * its last failed run by primary key (the highest id: the last recorded); then the calls retrying and
	 * dead by their last record, from {@link #tallies}.
	 */
	static List<HandlerFigures> figures(Connection connection) throws SQLException {
		String sql = "SELECT g.handler, g.kind, g.calls, g.failed, f.started_at, f.error_class, "
				+ "f.fingerprint FROM (SELECT handler, kind, COUNT(*) AS calls, "
				+ "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, "
				+ "MAX(CASE WHEN status <> 'completed' THEN id END) AS last_failure "
				+ "FROM inbox_handler_call GROUP BY handler, kind ORDER BY handler, kind LIMIT "
				+ HandlerFigures.MAX_HANDLERS + ") g LEFT JOIN inbox_handler_call f ON f.id = g.last_failure "
				+ "ORDER BY g.handler, g.kind";
		try (PreparedStatement select = connection.prepareStatement(sql)) {
			select.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
			List<HandlerFigures> figures = new ArrayList<>();
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					Instant failedAt = instant(rs, "started_at");
					figures.add(new HandlerFigures(rs.getString("handler"), rs.getString("kind"), rs.getLong("calls"),
							rs.getLong("failed"), 0, 0,
							(failedAt != null) ? new HandlerFigures.LastFailure(failedAt, rs.getString("error_class"),
									rs.getString("fingerprint")) : null));
				}
			}
			return HandlerFigures.withTallies(figures, tallies(connection));
		}
	}

	/**
	 * The calls retrying or dead per handler, each call by its last record (no later record of the same
	 * call on the same delivery): an index scan of {@code (status, due_at, id)}, then one probe of
	 * {@code (delivery_row, id)} per such row.
	 */
	static List<CallTally> tallies(Connection connection) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT c.handler, c.kind, "
				+ "SUM(CASE WHEN c.status = 'retrying' THEN 1 ELSE 0 END), SUM(CASE WHEN c.status = 'dead' THEN 1 ELSE 0 END) "
				+ "FROM inbox_handler_call c WHERE c.status IN ('retrying', 'dead') AND NOT EXISTS (SELECT 1 FROM "
				+ "inbox_handler_call n WHERE n.delivery_row = c.delivery_row AND n.id > c.id AND n.call_id = c.call_id) "
				+ "GROUP BY c.handler, c.kind ORDER BY c.handler, c.kind")) {
			select.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
			List<CallTally> tallies = new ArrayList<>();
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					tallies.add(new CallTally(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
				}
			}
			return tallies;
		}
	}

	/**
	 * The completed calls of a delivery row that a rerun may skip: those recorded since its
	 * {@code rerun_from} with a result, in the order recorded.
	 */
	static List<CallRecord> completed(Connection connection, long deliveryRow) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM inbox_handler_call c "
				+ "JOIN inbox_delivery d ON d.id = c.delivery_row WHERE c.delivery_row = ? AND c.status = 'completed' "
				+ "AND c.result IS NOT NULL AND c.id >= d.rerun_from ORDER BY c.id")) {
			select.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			select.setLong(1, deliveryRow);
			List<CallRecord> calls = new ArrayList<>();
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					calls.add(read(rs));
				}
			}
			return calls;
		}
	}

	/** Empties the results of the calls of those delivery rows whose body is gone (see {@link Retention}). */
	static void forgetResults(Connection connection, List<Long> deliveryRows) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement("UPDATE inbox_handler_call SET result = NULL "
				+ "WHERE result IS NOT NULL AND delivery_row IN (SELECT id FROM inbox_delivery WHERE body IS NULL AND id IN ("
				+ "?,".repeat(deliveryRows.size() - 1) + "?))")) {
			update.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			for (int i = 0; i < deliveryRows.size(); i++) {
				update.setLong(i + 1, deliveryRows.get(i));
			}
			update.executeUpdate();
		}
	}

	static CallRecord read(ResultSet rs) throws SQLException {
		return new CallRecord(rs.getString("call_id"), rs.getString("hop"), rs.getString("trigram"),
				rs.getString("handler"), rs.getString("kind"), rs.getInt("attempt"), CallStatus.of(rs.getString("status")),
				rs.getString("outcome"), instant(rs, "started_at"), rs.getLong("duration_micros"),
				rs.getString("error_class"), rs.getString("message"), rs.getString("fingerprint"), instant(rs, "due_at"),
				rs.getString("result"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
