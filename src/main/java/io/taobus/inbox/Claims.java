package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims pending rows whose lease expired, in one short transaction: {@code SELECT … FOR UPDATE SKIP
 * LOCKED} in id order on the database's clock (so two nodes never claim the same row and neither
 * waits for the other), then one batch of updates that raise {@code attempts} and take the lease, or
 * mark the row {@code dead} when its budget is spent. Counting the attempt at claim means a delivery
 * that kills the JVM every time still ends dead. The same transaction then claims the failed deliveries
 * whose automatic retry came due ({@link DeliveryRetries}), within the room left.
 */
final class Claims {

	private static final Logger logger = LoggerFactory.getLogger(Claims.class);

	private final DataSource dataSource;

	private final SqlDialect dialect;

	private final InboxSettings settings;

	private final Counters counters;

	private final InboxListener listener;

	private final HeldRefs held;

	/** "Now" of the retries of failed deliveries, which come due on the inbox's clock. */
	private final Clock clock;

	Claims(DataSource dataSource, SqlDialect dialect, InboxSettings settings, Counters counters,
			InboxListener listener, HeldRefs held, Clock clock) {
		this.clock = clock;
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.settings = settings;
		this.counters = counters;
		this.listener = GuardedListener.of(listener);
		this.held = held;
	}

	List<ClaimedDelivery> claim(int limit) {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				List<ClaimedDelivery> claimed = new ArrayList<>();
				Map<String, Integer> deadBySource = new HashMap<>();
				int dead = claim(connection, limit, claimed, deadBySource);
				// then the failed deliveries whose retry came due, within the room left
				List<ClaimedDelivery> retries = DeliveryRetries.claim(connection, limit - claimed.size() - dead, this.settings,
						this.clock.instant(), this.dialect);
				claimed.addAll(retries);
				connection.commit();
				// the raised attempts must survive a crash of the run they start: a delivery that kills the
				// process every time must still end dead after max-attempts. The claim is committed either
				// way: a failed sync is logged and the rows run (not running them would spend an attempt)
				try {
					Jdbc.sync(connection, this.dialect.syncAfterCommit());
				}
				catch (SQLException ex) {
					logger.warn("The inbox claimed {} deliveries but could not force the claim to disk; running them "
							+ "all the same: {}", claimed.size(), ex.toString());
				}
				claimed.forEach((delivery) -> this.held.add(delivery.ref()));
				this.counters.claimed(claimed, dead);
				long replays = claimed.stream().filter(ClaimedDelivery::replay).count();
				if (replays > 0) {
					this.listener.replayed((int) replays);
				}
				if (!retries.isEmpty()) {
					this.listener.retried(retries.size());
				}
				if (claimed.size() - retries.size() > replays) {
					this.listener.recovered(claimed.size() - retries.size() - (int) replays);
				}
				if (dead > 0) {
					this.listener.dead(dead);
					deadBySource.forEach((source, rows) -> this.listener.deliveriesSettled(source, DeliveryStatus.DEAD, rows));
				}
				return claimed;
			}
			catch (SQLException | RuntimeException ex) {
				Jdbc.rollbackQuietly(connection, ex);
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("claim", ex);
		}
	}

	private int claim(Connection connection, int limit, List<ClaimedDelivery> claimed, Map<String, Integer> deadBySource)
			throws SQLException {
		String select = "SELECT " + DeliveryRows.COLUMNS_WITH_BODY + ", attempt_base FROM inbox_delivery "
				+ "WHERE status = 'pending' AND lease_until <= CURRENT_TIMESTAMP ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
		// the replay flag is reported once, by the claim that starts the replayed run: if that run's node
		// dies, the next claim is a recovery like any other, not a second replay
		String take = "UPDATE inbox_delivery SET attempts = attempts + 1, replay = FALSE, owner_node = ?, lease_until = "
				+ this.dialect.nowPlusMillis() + " WHERE id = ? AND attempts = ?";
		// a row killed does not run: its attempts (its runs) stay; its status fences a late outcome
		String kill = "UPDATE inbox_delivery SET status = 'dead', owner_node = NULL, "
				+ "lease_until = NULL, replay = FALSE, completed_at = CURRENT_TIMESTAMP, last_error = ? WHERE id = ? AND attempts = ?";
		int dead = 0;
		try (PreparedStatement selecting = connection.prepareStatement(select);
				PreparedStatement taking = connection.prepareStatement(take);
				PreparedStatement killing = connection.prepareStatement(kill)) {
			selecting.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			taking.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			killing.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			selecting.setInt(1, limit);
			List<Candidate> candidates = new ArrayList<>();
			try (var rs = selecting.executeQuery()) {
				while (rs.next()) {
					candidates.add(new Candidate(DeliveryRows.read(rs, true), rs.getInt("attempt_base"), rs.getBoolean("replay")));
				}
			}
			for (Candidate candidate : candidates) {
				DeliveryRecord row = candidate.row();
				int attempt = row.attempts() + 1;
				if (attempt - candidate.attemptBase() > this.settings.maxAttempts()) {
					killing.setString(1, "dead: dispatched " + (attempt - 1 - candidate.attemptBase())
							+ " times without finishing (max-attempts " + this.settings.maxAttempts() + ")");
					killing.setLong(2, row.id());
					killing.setInt(3, row.attempts());
					killing.addBatch();
					dead++;
					deadBySource.merge(row.source(), 1, Integer::sum);
					logger.warn("Delivery {}/{} is dead: dispatched {} times without finishing; it will not run again "
							+ "on its own (replay it, or resend it)", row.source(), row.deliveryId(), attempt - 1);
				}
				else {
					taking.setString(1, this.settings.nodeId());
					taking.setLong(2, this.settings.leaseDuration().toMillis());
					taking.setLong(3, row.id());
					taking.setInt(4, row.attempts());
					taking.addBatch();
					claimed.add(new ClaimedDelivery(new DeliveryRef(row.id(), row.source(), row.deliveryId(), attempt),
							row.claimed(attempt), candidate.replay()));
				}
			}
			if (!claimed.isEmpty()) {
				taking.executeBatch();
			}
			if (dead > 0) {
				killing.executeBatch();
			}
		}
		return dead;
	}

	private record Candidate(DeliveryRecord row, int attemptBase, boolean replay) {
	}

}
