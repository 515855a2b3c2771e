package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rules of retention, in the order a round applies them: delete completed rows past
 * {@code dedupe-window}, delete failed and dead rows past {@code failed-retention}, delete completed rows
 * with a dead handler call once both have passed, then empty the bodies of completed rows past
 * {@code retention} (after the deletes, so that no body is emptied of a row about to go). A completed
 * row keeps its row and its body while one of its calls waits on the ledger (a retry pending, or a call
 * dead and not run again since), so that the call can still run again: a retry rebuilds its AppCon from
 * the body, and so does the replay of a dead call once its handler is fixed. A batch is two statements: a select of the ids of at most a batch of rows, oldest first along
 * the rule's time index (so that it stops after a batch however large the backlog), then the change of
 * those ids, which checks the rule's predicate again on each row. That second check is what keeps a row
 * that a resend or a replay made {@code pending} after the select: under READ COMMITTED a statement that
 * meets a row another transaction changed waits for it and evaluates its own {@code WHERE} again on the
 * new version, and an {@code id IN (SELECT ...)} alone would match it still (H2 also evaluated such a
 * subquery again for every row it changed, which made a batch cost as much as the whole backlog). A
 * change touches settled rows only, which no writer updates (a resend or replay that makes one pending
 * again is the race above, decided by that second check). A body emptied takes the results its calls
 * kept for reruns ({@link CallRecord#result()}) with it: they may hold payload, and nothing can rerun.
 */
enum Retention {

	/** Completed rows past {@code dedupe-window}, none of whose calls waits. */
	COMPLETED("DELETE FROM inbox_delivery", "status = 'completed' AND received_at < ?" + Retention.NO_RETRY_PENDING
			+ " AND NOT " + Retention.DEAD_CALL, "received_at", InboxSettings::dedupeWindow),

	/** Failed and dead rows past {@code failed-retention} (a retry still to run included: it is that late). */
	FAILED("DELETE FROM inbox_delivery", "status IN ('failed', 'dead') AND received_at < ?", "received_at",
			InboxSettings::failedRetention),

	/**
	 * Completed rows with a dead call, none retrying, past both {@code failed-retention} (a dead call is
	 * kept as long as a dead delivery) and {@code dedupe-window}.
	 */
	DEAD_CALLS("DELETE FROM inbox_delivery", "status = 'completed' AND received_at < ?" + Retention.NO_RETRY_PENDING
			+ " AND " + Retention.DEAD_CALL, "received_at",
			(settings) -> max(settings.failedRetention(), settings.dedupeWindow())),

	/** Bodies of completed rows past {@code retention}, none of whose calls waits. */
	BODIES("UPDATE inbox_delivery SET body = NULL", "status = 'completed' AND body IS NOT NULL AND completed_at < ?"
			+ Retention.NO_RETRY_PENDING + " AND NOT " + Retention.DEAD_CALL,
			"completed_at", InboxSettings::retention);

	/** None of the delivery's async calls waits for a retry. */
	private static final String NO_RETRY_PENDING = " AND NOT EXISTS (SELECT 1 FROM inbox_handler_call c "
			+ "WHERE c.delivery_row = inbox_delivery.id AND c.status = 'retrying')";

	/**
	 * One of the delivery's calls is dead and has not run again since: no later record of the same call
	 * (a replay that ran it appends one), the rule of {@code CallRows.tallies}.
	 */
	private static final String DEAD_CALL = "EXISTS (SELECT 1 FROM inbox_handler_call c WHERE c.delivery_row = "
			+ "inbox_delivery.id AND c.status = 'dead' AND NOT EXISTS (SELECT 1 FROM inbox_handler_call n "
			+ "WHERE n.delivery_row = c.delivery_row AND n.call_id = c.call_id AND n.id > c.id))";

	private final String change;

	private final String predicate;

	private final String oldestFirst;

	private final Function<InboxSettings, Duration> age;

	Retention(String change, String predicate, String oldestFirst, Function<InboxSettings, Duration> age) {
		this.change = change;
		this.predicate = predicate;
		this.oldestFirst = oldestFirst;
		this.age = age;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/** How old a row this rule applies to is. */
	Duration age(InboxSettings settings) {
		return this.age.apply(settings);
	}

	/** The ids of at most one batch of rows past a cutoff, oldest first. */
	List<Long> select(Connection connection, OffsetDateTime cutoff, int batch) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT id FROM inbox_delivery WHERE " + this.predicate
				+ " ORDER BY " + this.oldestFirst + " LIMIT " + batch)) {
			select.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			select.setObject(1, cutoff);
			List<Long> ids = new ArrayList<>(batch);
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					ids.add(rs.getLong(1));
				}
			}
			return ids;
		}
	}

	/** Changes those of the rows selected that the rule still applies to; how many it changed. */
	int change(Connection connection, OffsetDateTime cutoff, List<Long> ids) throws SQLException {
		List<Long> sorted = ids.stream().sorted().toList();
		try (PreparedStatement change = connection.prepareStatement(this.change + " WHERE " + this.predicate
				+ " AND id IN (" + "?,".repeat(sorted.size() - 1) + "?)")) {
			change.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			change.setObject(1, cutoff);
			for (int i = 0; i < sorted.size(); i++) {
				change.setLong(i + 2, sorted.get(i));
			}
			int changed = change.executeUpdate();
			if (this == BODIES && changed > 0) {
				CallRows.forgetResults(connection, sorted); // they may hold payload, and no rerun can use them now
			}
			return changed;
		}
	}

}
