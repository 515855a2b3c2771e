package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

/**
 * The SQL of async call retries on the ledger ({@code inbox_handler_call}): claims of the retries that
 * came due, in one short transaction like {@link Claims} ({@code FOR UPDATE SKIP LOCKED}, a lease on
 * the database's clock, due times on the inbox's {@link Clock} that set them), so that two nodes never
 * claim one retry and a crashed node's retries are claimed again once their lease expires; and the
 * settlement of a retry, fenced by its lease: its failed attempt becomes {@code failed} and the new
 * attempt's records are inserted in the same transaction, or nothing changes when another node has taken
 * it over (or a rerun of the delivery superseded it). The leases of the retries this node holds are
 * renewed with its deliveries' ({@link #renew}), so that a retry running longer than a lease is not
 * claimed by another node meanwhile.
 */
final class CallRetries {

	private final DataSource dataSource;

	private final SqlDialect dialect;

	private final InboxSettings settings;

	private final Clock clock;

	/** The retries this node claimed and has not settled or released: their leases are renewed. */
	private final Set<Long> held = ConcurrentHashMap.newKeySet();

	CallRetries(DataSource dataSource, SqlDialect dialect, InboxSettings settings, Clock clock) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.settings = settings;
		this.clock = clock;
	}

	List<DueRetry> claim(int limit) throws SQLException {
		if (limit <= 0) {
			return List.of();
		}
		try (Connection connection = this.dataSource.getConnection()) {
			List<Long> ids = new ArrayList<>();
			connection.setAutoCommit(false);
			try {
				try (PreparedStatement select = connection.prepareStatement("SELECT id FROM inbox_handler_call "
						+ "WHERE status = 'retrying' AND due_at <= ? AND (lease_until IS NULL OR lease_until <= CURRENT_TIMESTAMP) "
						+ "ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
					select.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
					select.setObject(1, DeliveryRows.timestamp(this.clock.instant()));
					select.setInt(2, limit);
					try (ResultSet rs = select.executeQuery()) {
						while (rs.next()) {
							ids.add(rs.getLong(1));
						}
					}
				}
				if (!ids.isEmpty()) {
					try (PreparedStatement take = connection.prepareStatement("UPDATE inbox_handler_call SET owner_node = ?, "
							+ "lease_until = " + this.dialect.nowPlusMillis() + " WHERE id IN (" + in(ids) + ")")) {
						take.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
						take.setString(1, this.settings.nodeId());
						take.setLong(2, this.settings.leaseDuration().toMillis());
						bind(take, 3, ids);
						take.executeUpdate();
					}
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				Jdbc.rollbackQuietly(connection, ex);
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
			this.held.addAll(ids);
			return ids.isEmpty() ? List.of() : read(connection, ids);
		}
	}

	private static List<DueRetry> read(Connection connection, List<Long> ids) throws SQLException {
		Map<Long, Long> rowOf = new HashMap<>();
		Map<Long, CallRecord> calls = new HashMap<>();
		try (PreparedStatement select = connection.prepareStatement("SELECT c.id AS call_row, c.delivery_row, "
				+ CallRows.COLUMNS + " FROM inbox_handler_call c WHERE c.id IN (" + in(ids) + ")")) {
			select.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			bind(select, 1, ids);
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					rowOf.put(rs.getLong("call_row"), rs.getLong("delivery_row"));
					calls.put(rs.getLong("call_row"), CallRows.read(rs));
				}
			}
		}
		List<Long> rows = rowOf.values().stream().distinct().toList();
		Map<Long, DeliveryRecord> deliveries = new HashMap<>();
		try (PreparedStatement select = connection.prepareStatement("SELECT " + DeliveryRows.COLUMNS_WITH_BODY
				+ " FROM inbox_delivery WHERE id IN (" + in(rows) + ")")) {
			select.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			bind(select, 1, rows);
			DeliveryRows.readAll(select, true).forEach((delivery) -> deliveries.put(delivery.id(), delivery));
		}
		List<DueRetry> due = new ArrayList<>(ids.size());
		for (long id : ids) {
			DeliveryRecord delivery = deliveries.get(rowOf.get(id));
			if (delivery != null) {
				due.add(new DueRetry(id, delivery, calls.get(id)));
			}
		}
		return due;
	}

	/**
	 * Settles a retry this node ran: its failed attempt {@code failed}, the new records inserted.
	 * @return false when the retry was no longer this node's to settle (nothing changed)
	 */
	boolean settle(DueRetry retry, List<CallRecord> calls) throws SQLException {
		this.held.remove(retry.callRow());
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				int changed;
				try (PreparedStatement update = connection.prepareStatement("UPDATE inbox_handler_call SET status = 'failed', "
						+ "due_at = NULL, owner_node = NULL, lease_until = NULL WHERE id = ? AND status = 'retrying' AND owner_node = ?")) {
					update.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
					update.setLong(1, retry.callRow());
					update.setString(2, this.settings.nodeId());
					changed = update.executeUpdate();
				}
				if (changed == 1) {
					CallRows.insert(connection, List.of(new CallRows.Insert(retry.delivery().id(), calls)));
				}
				connection.commit();
				return changed == 1;
			}
			catch (SQLException | RuntimeException ex) {
				Jdbc.rollbackQuietly(connection, ex);
				throw ex;
			}
		}
	}

	/** Gives a claimed retry back unrun, for any node to claim at once. */
	void release(DueRetry retry) throws SQLException {
		this.held.remove(retry.callRow());
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement update = connection.prepareStatement("UPDATE inbox_handler_call SET owner_node = NULL, "
						+ "lease_until = NULL WHERE id = ? AND status = 'retrying' AND owner_node = ?")) {
			update.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			update.setLong(1, retry.callRow());
			update.setString(2, this.settings.nodeId());
			update.executeUpdate();
		}
	}

	/**
	 * Extends the leases of the retries this node holds, {@value JdbcInbox#RENEW_CHUNK} a statement.
	 * @return how many it extended
	 */
	int renew() throws SQLException {
		List<Long> ids = List.copyOf(this.held);
		if (ids.isEmpty()) {
			return 0;
		}
		int renewed = 0;
		try (Connection connection = this.dataSource.getConnection()) {
			renewed = renew(connection, ids);
		}
		return renewed;
	}

	private int renew(Connection connection, List<Long> ids) throws SQLException {
		int renewed = 0;
		for (int from = 0; from < ids.size(); from += JdbcInbox.RENEW_CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + JdbcInbox.RENEW_CHUNK));
			try (PreparedStatement update = connection.prepareStatement("UPDATE inbox_handler_call SET lease_until = "
					+ this.dialect.nowPlusMillis() + " WHERE owner_node = ? AND status = 'retrying' AND id IN (" + in(chunk) + ")")) {
				update.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
				update.setLong(1, this.settings.leaseDuration().toMillis());
				update.setString(2, this.settings.nodeId());
				bind(update, 3, chunk);
				renewed += update.executeUpdate();
			}
		}
		return renewed;
	}

	/**
	 * Ends the pending retries of delivery rows that ran again (a rerun, replay or recovery): the rerun
	 * ran their calls anew. Run in the outcome's transaction, for rows past their first attempt only.
	 */
	static void supersede(Connection connection, List<Long> rows) throws SQLException {
		for (int from = 0; from < rows.size(); from += OutcomeWriter.PER_STATEMENT) {
			List<Long> chunk = rows.subList(from, Math.min(rows.size(), from + OutcomeWriter.PER_STATEMENT));
			try (PreparedStatement update = connection.prepareStatement("UPDATE inbox_handler_call SET status = 'failed', "
					+ "due_at = NULL, owner_node = NULL, lease_until = NULL WHERE status = 'retrying' AND delivery_row IN ("
					+ in(chunk) + ")")) {
				update.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
				bind(update, 1, chunk);
				update.executeUpdate();
			}
		}
	}

	private static String in(List<Long> ids) {
		return "?,".repeat(ids.size() - 1) + "?";
	}

	private static void bind(PreparedStatement statement, int from, List<Long> ids) throws SQLException {
		for (int i = 0; i < ids.size(); i++) {
			statement.setLong(from + i, ids.get(i));
		}
	}

}
