package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The SQL of retrying failed deliveries ({@link DeliveryRetryRule}) in one place: the schedule of the
 * retry (or the death) of the rows a batch of outcomes has just failed, in that batch's transaction, so
 * that a failure's record commits before its retry can be claimed; and the claim of the retries that came
 * due, in the transaction of {@link Claims} ({@code FOR UPDATE SKIP LOCKED}, fenced by {@code attempts}), so
 * that two nodes never run one retry.
 */
final class DeliveryRetries {

	private static final String FAILED_BY = "SELECT id, retries FROM inbox_delivery WHERE status = 'failed' AND (id, attempts) IN (";

	private static final String SCHEDULE = "UPDATE inbox_delivery SET retry_at = ?, attempt_base = attempts WHERE id = ?";

	private static final String KILL = "UPDATE inbox_delivery SET status = 'dead', retry_at = NULL WHERE id = ?";

	private static final String DUE = "SELECT " + DeliveryRows.COLUMNS_WITH_BODY + " FROM inbox_delivery "
			+ "WHERE status = 'failed' AND retry_at <= ? ORDER BY retry_at, id LIMIT ? FOR UPDATE SKIP LOCKED";

	private DeliveryRetries() {
	}

	/**
	 * Schedules the retry of each row these failed outcomes settled (still at their attempt), or makes it
	 * dead when its budget is spent; nothing when retries are off.
	 * @return how many it made dead, by source
	 */
	static Map<String, Integer> schedule(Connection connection, List<DeliveryRef> failed, InboxSettings settings,
			Instant now) throws SQLException {
		if (failed.isEmpty() || !DeliveryRetryRule.retries(settings)) {
			return Map.of();
		}
		Map<Long, String> sources = new HashMap<>();
		failed.forEach((ref) -> sources.put(ref.id(), ref.source()));
		Map<String, Integer> dead = new HashMap<>();
		try (PreparedStatement schedule = connection.prepareStatement(SCHEDULE);
				PreparedStatement kill = connection.prepareStatement(KILL)) {
			schedule.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			kill.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			boolean scheduled = false;
			boolean killed = false;
			for (int from = 0; from < failed.size(); from += OutcomeWriter.PER_STATEMENT) {
				List<DeliveryRef> chunk = failed.subList(from, Math.min(failed.size(), from + OutcomeWriter.PER_STATEMENT));
				try (PreparedStatement select = connection.prepareStatement(FAILED_BY + "(?, ?), ".repeat(chunk.size() - 1)
						+ "(?, ?))")) {
					select.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
					int index = 1;
					for (DeliveryRef ref : chunk) {
						select.setLong(index++, ref.id());
						select.setInt(index++, ref.attempt());
					}
					try (ResultSet rs = select.executeQuery()) {
						while (rs.next()) {
							Instant next = DeliveryRetryRule.next(settings, rs.getInt("retries"), now,
									ThreadLocalRandom.current().nextDouble());
							if (next != null) {
								schedule.setObject(1, DeliveryRows.timestamp(next));
								schedule.setLong(2, rs.getLong("id"));
								schedule.addBatch();
								scheduled = true;
							}
							else {
								kill.setLong(1, rs.getLong("id"));
								kill.addBatch();
								killed = true;
								dead.merge(sources.get(rs.getLong("id")), 1, Integer::sum);
							}
						}
					}
				}
			}
			if (scheduled) {
				schedule.executeBatch();
			}
			if (killed) {
				kill.executeBatch();
			}
		}
		return dead;
	}

	/**
	 * Claims up to {@code limit} failed rows whose retry is due (on the inbox's clock) and that no other
	 * transaction is claiming: each pending again under this node's lease, one attempt and one retry more.
	 */
	static List<ClaimedDelivery> claim(Connection connection, int limit, InboxSettings settings, Instant now,
			SqlDialect dialect) throws SQLException {
		if (limit <= 0 || !DeliveryRetryRule.retries(settings)) {
			return List.of();
		}
		List<DeliveryRecord> due = new ArrayList<>();
		try (PreparedStatement select = connection.prepareStatement(DUE)) {
			select.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			select.setObject(1, DeliveryRows.timestamp(now));
			select.setInt(2, limit);
			due.addAll(DeliveryRows.readAll(select, true));
		}
		if (due.isEmpty()) {
			return List.of();
		}
		List<ClaimedDelivery> claimed = new ArrayList<>(due.size());
		try (PreparedStatement take = connection.prepareStatement("UPDATE inbox_delivery SET status = 'pending', "
				+ "attempts = attempts + 1, retries = retries + 1, retry_at = NULL, completed_at = NULL, owner_node = ?, "
				+ "lease_until = " + dialect.nowPlusMillis() + " WHERE id = ? AND attempts = ? AND status = 'failed'")) {
			take.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			for (DeliveryRecord row : due) {
				int attempt = row.attempts() + 1;
				take.setString(1, settings.nodeId());
				take.setLong(2, settings.leaseDuration().toMillis());
				take.setLong(3, row.id());
				take.setInt(4, row.attempts());
				take.addBatch();
				claimed.add(new ClaimedDelivery(new DeliveryRef(row.id(), row.source(), row.deliveryId(), attempt),
						row.claimed(attempt), false));
			}
			take.executeBatch();
		}
		return claimed;
	}

}
