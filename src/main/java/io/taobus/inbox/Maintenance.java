package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The operator's and the clock's changes to settled rows: replays (one, or a filtered range in
 * batches) and retention ({@link Retention}). Each batch is its own short autocommitted statement of at most
 * {@value #BATCH} rows, so that none holds locks for long.
 */
final class Maintenance {

	static final int BATCH = 500;

	/**
	 * How long one retention round goes on while there is work: a few seconds, so that the claims that
	 * share its thread wait little, each statement within the query timeout.
	 */
	static final Duration ROUND_BUDGET = Duration.ofSeconds(2);

	/**
	 * Marks a row for replay and starts a fresh budget ({@code attempt_base} equal to its attempts). It
	 * leaves {@code attempts} alone, so that they count runs (the claim that starts the replayed run raises
	 * them): the {@code replay} flag fences instead, for no outcome settles a row while it is set, so that a
	 * late outcome of the settled attempt (an outcome batch retried after its commit was lost) cannot
	 * settle the replayed row.
	 */
	private static final String MARK_REPLAY = "UPDATE inbox_delivery SET status = 'pending', attempt_base = attempts, "
			+ "retries = 0, retry_at = NULL, "
			+ "replay = TRUE, owner_node = NULL, lease_until = CURRENT_TIMESTAMP, completed_at = NULL ";

	/**
	 * What a replay of the whole cascade ({@link ReplayScope#ALL}) adds to {@link #MARK_REPLAY}: no call
	 * recorded so far is skipped.
	 */
	private static final String ALL_CALLS = ", rerun_from = (SELECT COALESCE(MAX(c.id), 0) + 1 FROM inbox_handler_call c "
			+ "WHERE c.delivery_row = inbox_delivery.id) ";

	private final DataSource dataSource;

	private final InboxSettings settings;

	private final Clock clock;

	private final Duration roundBudget;

	/** What makes a replay durable before it is reported ({@link SqlDialect#syncAfterCommit()}). */
	private final @Nullable String syncAfterCommit;

	Maintenance(DataSource dataSource, InboxSettings settings, Clock clock) {
		this(dataSource, settings, clock, ROUND_BUDGET);
	}

	Maintenance(DataSource dataSource, InboxSettings settings, Clock clock, Duration roundBudget) {
		this.dataSource = dataSource;
		this.settings = settings;
		this.clock = clock;
		this.roundBudget = roundBudget;
		this.syncAfterCommit = SqlDialect.of(dataSource).syncAfterCommit();
	}

	ReplayOutcome replay(String source, String deliveryId, ReplayScope scope) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			try (PreparedStatement update = connection.prepareStatement(mark(scope)
					+ "WHERE source = ? AND delivery_id = ? AND status <> 'pending' AND body IS NOT NULL")) {
				update.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
				update.setString(1, source);
				update.setString(2, deliveryId);
				if (update.executeUpdate() == 1) {
					Jdbc.sync(connection, this.syncAfterCommit);
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
		DeliveryFilters.Where where = DeliveryFilters.replay(filter);
		List<Object> values = where.values();
		int count = 0;
		long after = 0;
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(
						"SELECT id FROM inbox_delivery WHERE id > ?" + where.sql() + " ORDER BY id LIMIT " + BATCH)) {
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
					Jdbc.sync(connection, this.syncAfterCommit);
					return count;
				}
				count += markReplay(connection, ids, filter.scope());
				after = ids.getLast();
			}
		}
	}

	/** How many rows {@link #replay(ReplayFilter)} would mark now: one count, marking none. */
	int replayCount(ReplayFilter filter) throws SQLException {
		DeliveryFilters.Where where = DeliveryFilters.replay(filter);
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(
						"SELECT COUNT(*) FROM inbox_delivery WHERE id > 0" + where.sql())) {
			select.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
			for (int i = 0; i < where.values().size(); i++) {
				select.setObject(i + 1, where.values().get(i));
			}
			try (ResultSet rs = select.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	private static String mark(ReplayScope scope) {
		return (scope == ReplayScope.ALL) ? MARK_REPLAY + ALL_CALLS : MARK_REPLAY;
	}

	static int markReplay(Connection connection, List<Long> ids, ReplayScope scope) throws SQLException {
		String sql = mark(scope) + "WHERE status <> 'pending' AND body IS NOT NULL AND id IN ("
				+ "?,".repeat(ids.size() - 1) + "?)";
		try (PreparedStatement update = connection.prepareStatement(sql)) {
			update.setQueryTimeout(JdbcInbox.OPERATOR_TIMEOUT_SECONDS);
			for (int i = 0; i < ids.size(); i++) {
				update.setLong(i + 1, ids.get(i));
			}
			return update.executeUpdate();
		}
	}

	/**
	 * One round of retention: each rule runs its batch statement until it finds fewer rows than a batch,
	 * while the round is within its budget. A round cut short says so ({@link Purged#more()}), so that
	 * the next one can follow at once.
	 */
	Purged purge() throws SQLException {
		Instant now = this.clock.instant();
		long deadline = System.nanoTime() + this.roundBudget.toNanos();
		int[] changed = new int[Retention.values().length];
		boolean more = false;
		try (Connection connection = this.dataSource.getConnection()) {
			for (Retention rule : Retention.values()) {
				OffsetDateTime cutoff = DeliveryRows.timestamp(now.minus(rule.age(this.settings)));
				List<Long> ids;
				do {
					ids = rule.select(connection, cutoff, BATCH);
					if (!ids.isEmpty()) {
						changed[rule.ordinal()] += rule.change(connection, cutoff, ids);
					}
				}
				while (ids.size() == BATCH && System.nanoTime() - deadline < 0);
				more |= ids.size() == BATCH;
			}
		}
		return new Purged(changed[Retention.BODIES.ordinal()],
				changed[Retention.COMPLETED.ordinal()] + changed[Retention.FAILED.ordinal()]
						+ changed[Retention.DEAD_CALLS.ordinal()], more);
	}

}
