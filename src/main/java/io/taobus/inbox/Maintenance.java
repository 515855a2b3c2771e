package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The operator's and the clock's changes to settled rows: replays (one, or a filtered range in
 * batches) and retention. Each batch is its own short autocommitted statement of at most
 * {@value #BATCH} rows, so that none holds locks for long.
 */
final class Maintenance {

	static final int BATCH = 500;

	/** Batches of one retention statement per round, so that a round stays short. */
	static final int MAX_BATCHES_PER_ROUND = 20;

	/**
	 * Marks a row for replay. It moves the fencing token ({@code attempts}), so that a late outcome of the
	 * settled attempt (an outcome batch retried after its commit was lost) cannot settle the replayed row,
	 * and starts a fresh budget ({@code attempt_base} equal to the new attempts).
	 */
	private static final String MARK_REPLAY = "UPDATE inbox_delivery SET status = 'pending', attempts = attempts + 1, "
			+ "attempt_base = attempts + 1, "
			+ "replay = TRUE, owner_node = NULL, lease_until = CURRENT_TIMESTAMP, completed_at = NULL ";

	private final DataSource dataSource;

	private final InboxSettings settings;

	private final Clock clock;

	Maintenance(DataSource dataSource, InboxSettings settings, Clock clock) {
		this.dataSource = dataSource;
		this.settings = settings;
		this.clock = clock;
	}

	ReplayOutcome replay(String source, String deliveryId) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			try (PreparedStatement update = connection.prepareStatement(MARK_REPLAY
					+ "WHERE source = ? AND delivery_id = ? AND status <> 'pending' AND body IS NOT NULL")) {
				update.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
				update.setString(1, source);
				update.setString(2, deliveryId);
				if (update.executeUpdate() == 1) {
					return ReplayOutcome.REPLAYED;
				}
			}
			try (PreparedStatement select = connection.prepareStatement(
					"SELECT status, (body IS NOT NULL) AS body_kept FROM inbox_delivery WHERE source = ? AND delivery_id = ?")) {
				select.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
				select.setString(1, source);
				select.setString(2, deliveryId);
				try (ResultSet rs = select.executeQuery()) {
					if (!rs.next()) {
						return ReplayOutcome.UNKNOWN;
					}
					return "pending".equals(rs.getString(1)) ? ReplayOutcome.PENDING : ReplayOutcome.BODY_EXPIRED;
				}
			}
		}
	}

	int replay(ReplayFilter filter) throws SQLException {
		StringBuilder where = new StringBuilder(" WHERE id > ? AND status <> 'pending' AND body IS NOT NULL");
		List<Object> values = new ArrayList<>();
		if (filter.source() != null) {
			where.append(" AND source = ?");
			values.add(filter.source());
		}
		if (filter.status() != null) {
			where.append(" AND status = ?");
			values.add(filter.status().value());
		}
		if (filter.from() != null) {
			where.append(" AND received_at >= ?");
			values.add(DeliveryRows.timestamp(filter.from()));
		}
		if (filter.to() != null) {
			where.append(" AND received_at < ?");
			values.add(DeliveryRows.timestamp(filter.to()));
		}
		int count = 0;
		long after = 0;
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(
						"SELECT id FROM inbox_delivery" + where + " ORDER BY id LIMIT " + BATCH)) {
			select.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
			while (true) {
				select.setLong(1, after);
				for (int i = 0; i < values.size(); i++) {
					select.setObject(i + 2, values.get(i));
				}
				List<Long> ids = new ArrayList<>();
				try (ResultSet rs = select.executeQuery()) {
					while (rs.next()) {
						ids.add(rs.getLong(1));
					}
				}
				if (ids.isEmpty()) {
					return count;
				}
				count += markReplay(connection, ids);
				after = ids.getLast();
			}
		}
	}

	private static int markReplay(Connection connection, List<Long> ids) throws SQLException {
		String sql = MARK_REPLAY + "WHERE status <> 'pending' AND body IS NOT NULL AND id IN ("
				+ "?,".repeat(ids.size() - 1) + "?)";
		try (PreparedStatement update = connection.prepareStatement(sql)) {
			update.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
			for (int i = 0; i < ids.size(); i++) {
				update.setLong(i + 1, ids.get(i));
			}
			return update.executeUpdate();
		}
	}

	Purged purge() throws SQLException {
		Instant now = this.clock.instant();
		try (Connection connection = this.dataSource.getConnection()) {
			int bodies = repeat(connection, "UPDATE inbox_delivery SET body = NULL WHERE id IN (SELECT id FROM inbox_delivery "
					+ "WHERE status = 'completed' AND body IS NOT NULL AND completed_at < ? ORDER BY id LIMIT " + BATCH + ")",
					now.minus(this.settings.retention()));
			int rows = repeat(connection, "DELETE FROM inbox_delivery WHERE id IN (SELECT id FROM inbox_delivery "
					+ "WHERE status = 'completed' AND received_at < ? ORDER BY id LIMIT " + BATCH + ")",
					now.minus(this.settings.dedupeWindow()));
			rows += repeat(connection, "DELETE FROM inbox_delivery WHERE id IN (SELECT id FROM inbox_delivery "
					+ "WHERE status IN ('failed', 'dead') AND received_at < ? ORDER BY id LIMIT " + BATCH + ")",
					now.minus(this.settings.failedRetention()));
			return new Purged(bodies, rows);
		}
	}

	/**
	 * Runs a batch statement with one cutoff until it changes fewer rows than a batch, at most
	 * {@value #MAX_BATCHES_PER_ROUND} times (the next round goes on), each within the query timeout.
	 */
	private static int repeat(Connection connection, String sql, Instant cutoff) throws SQLException {
		int total = 0;
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			statement.setObject(1, DeliveryRows.timestamp(cutoff));
			int changed;
			int batches = 0;
			do {
				changed = statement.executeUpdate();
				total += changed;
			}
			while (changed == BATCH && ++batches < MAX_BATCHES_PER_ROUND);
		}
		return total;
	}

}
