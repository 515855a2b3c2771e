package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides the admissions of one group-commit window inside its transaction: inserts every new key
 * with {@code ON CONFLICT DO NOTHING} (in key order, so that two nodes inserting overlapping windows
 * lock in the same order), taking the ids of the rows it inserted from the insert itself (generated
 * keys: no read-back), reads back only the keys that were already stored, and turns a resend of a
 * failed or dead row into a rerun with an update fenced by its attempts. A second copy of a key within
 * the window is a duplicate of the first, decided in the same transaction.
 */
final class Admissions {

	private static final Comparator<DeliveryKey> KEY_ORDER = Comparator.comparing(DeliveryKey::source)
		.thenComparing(DeliveryKey::deliveryId);

	private final SqlDialect dialect;

	private final InboxSettings settings;

	Admissions(SqlDialect dialect, InboxSettings settings) {
		this.dialect = dialect;
		this.settings = settings;
	}

	/** The admission of each delivery, in the order given; the caller commits. */
	List<Admission> decide(Connection connection, List<NewDelivery> window) throws SQLException {
		TreeMap<DeliveryKey, NewDelivery> firsts = new TreeMap<>(KEY_ORDER);
		window.forEach((delivery) -> firsts.putIfAbsent(delivery.key(), delivery));
		List<NewDelivery> distinct = new ArrayList<>(firsts.values());
		long[] inserted = insert(connection, distinct);
		List<NewDelivery> known = new ArrayList<>();
		for (int i = 0; i < distinct.size(); i++) {
			if (inserted[i] == 0) {
				known.add(distinct.get(i));
			}
		}
		Map<DeliveryKey, DeliveryRecord> rows = known.isEmpty() ? Map.of() : select(connection, known);
		Map<DeliveryKey, Admission> decided = new HashMap<>();
		Map<DeliveryKey, DeliveryRecord> after = new HashMap<>();
		for (int i = 0; i < distinct.size(); i++) {
			NewDelivery delivery = distinct.get(i);
			if (inserted[i] != 0) {
				DeliveryRecord row = born(inserted[i], delivery);
				decided.put(delivery.key(), new Admission.Accepted(ref(row, row.attempts())));
				after.put(delivery.key(), row);
				continue;
			}
			DeliveryRecord row = rows.get(delivery.key());
			if (row == null) {
				throw new SQLException("the row of " + delivery + " vanished within its window", "40001");
			}
			if ((row.status() == DeliveryStatus.FAILED || row.status() == DeliveryStatus.DEAD)
					&& rerun(connection, row, delivery)) {
				decided.put(delivery.key(), new Admission.Rerun(ref(row, row.attempts() + 1),
						CallRows.completed(connection, row.id())));
				after.put(delivery.key(), row.rerun());
			}
			else {
				DeliveryRecord current = (row.status() == DeliveryStatus.FAILED || row.status() == DeliveryStatus.DEAD)
						? select(connection, List.of(delivery)).getOrDefault(delivery.key(), row) : row;
				decided.put(delivery.key(), new Admission.Duplicate(current));
				after.put(delivery.key(), current);
			}
		}
		List<Admission> admissions = new ArrayList<>(window.size());
		for (NewDelivery delivery : window) {
			// the first copy of a key takes its decision, every later copy is a duplicate of it
			Admission first = decided.remove(delivery.key());
			admissions.add((first != null) ? first : new Admission.Duplicate(after.get(delivery.key())));
		}
		return admissions;
	}

	/**
	 * Inserts the new keys of a window.
	 * @return per delivery, the id of the row inserted, or 0 where its key was already stored
	 */
	long[] insert(Connection connection, List<NewDelivery> deliveries) throws SQLException {
		String sql = "INSERT INTO inbox_delivery (source, delivery_id, status, attempts, attempt_base, replay, owner_node, "
				+ "lease_until, term, action, orient, content_type, headers, body, received_at) VALUES (?, ?, 'pending', 1, "
				+ "0, FALSE, ?, " + this.dialect.nowPlusMillis() + ", ?, ?, ?, ?, ?, ?, ?) " + this.dialect.onConflictDoNothing();
		try (PreparedStatement insert = connection.prepareStatement(sql, new String[] { "id" })) {
			insert.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			for (NewDelivery delivery : deliveries) {
				insert.setString(1, delivery.source());
				insert.setString(2, delivery.deliveryId());
				insert.setString(3, this.settings.nodeId());
				insert.setLong(4, this.settings.leaseDuration().toMillis());
				insert.setString(5, delivery.term());
				insert.setString(6, delivery.action());
				insert.setString(7, delivery.orient());
				insert.setString(8, delivery.contentType());
				insert.setString(9, HeaderCodec.encode(delivery.headers()));
				insert.setBytes(10, delivery.body());
				insert.setObject(11, DeliveryRows.timestamp(delivery.receivedAt()));
				insert.addBatch();
			}
			int[] counts = insert.executeBatch();
			long[] ids = new long[counts.length];
			// one generated key per inserted row, in the batch's order; none for a key already stored
			try (ResultSet keys = insert.getGeneratedKeys()) {
				for (int i = 0; i < counts.length; i++) {
					if (counts[i] == Statement.SUCCESS_NO_INFO) {
						throw new IllegalStateException(
								"the JDBC driver does not report which rows were inserted (reWriteBatchedInserts must stay off)");
					}
					if (counts[i] > 0) {
						if (!keys.next()) {
							throw new SQLException("the JDBC driver returned fewer generated keys than rows inserted");
						}
						ids[i] = keys.getLong(1);
					}
				}
			}
			return ids;
		}
	}

	/**
	 * Checks at startup that the driver reports what {@link #insert} relies on: an update count per
	 * row of a batch and the generated key of each inserted row. Inserts two rows in a transaction it
	 * rolls back, so that a setting that breaks this (PostgreSQL's {@code reWriteBatchedInserts=true})
	 * stops the application with its name, rather than failing every delivery once it runs.
	 */
	void probe(Connection connection) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			String id = "probe-" + System.nanoTime();
			java.time.Instant now = java.time.Instant.now();
			List<NewDelivery> probes = List.of(
					new NewDelivery("taobus-probe", id + "-1", "probe", "probe", "probe", null, Map.of(), new byte[0], now),
					new NewDelivery("taobus-probe", id + "-2", "probe", "probe", "probe", null, Map.of(), new byte[0], now));
			long[] ids = insert(connection, probes);
			if (ids[0] == 0 || ids[1] == 0 || ids[0] == ids[1]) {
				throw new IllegalStateException("The inbox's database driver does not return the generated key of each "
						+ "row of a batch insert (reWriteBatchedInserts must stay off)");
			}
		}
		finally {
			connection.rollback();
			connection.setAutoCommit(autoCommit);
		}
	}

	/** The row an insert just created, as it stands in the window's transaction. */
	private static DeliveryRecord born(long id, NewDelivery delivery) {
		return new DeliveryRecord(id, delivery.source(), delivery.deliveryId(), DeliveryStatus.PENDING, 1, delivery.term(),
				delivery.action(), delivery.orient(), delivery.contentType(), delivery.headers(),
				delivery.receivedAt().truncatedTo(ChronoUnit.MICROS), null, 0, 0, null, null, true, null);
	}

	private Map<DeliveryKey, DeliveryRecord> select(Connection connection, List<NewDelivery> deliveries)
			throws SQLException {
		// a row-value IN list: both databases look each pair up in the key's index (H2 turns an OR of
		// pairs into a scan of every row of the first pair's source)
		StringBuilder sql = new StringBuilder("SELECT ").append(DeliveryRows.COLUMNS)
			.append(" FROM inbox_delivery WHERE (source, delivery_id) IN (");
		for (int i = 0; i < deliveries.size(); i++) {
			sql.append((i > 0) ? ", " : "").append("(?, ?)");
		}
		sql.append(')');
		try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
			select.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			int index = 1;
			for (NewDelivery delivery : deliveries) {
				select.setString(index++, delivery.source());
				select.setString(index++, delivery.deliveryId());
			}
			Map<DeliveryKey, DeliveryRecord> rows = new HashMap<>();
			for (DeliveryRecord row : DeliveryRows.readAll(select, false)) {
				rows.put(new DeliveryKey(row.source(), row.deliveryId()), row);
			}
			return rows;
		}
	}

	/**
	 * Runs a failed or dead row again, unless another transaction changed it since it was read: with what
	 * the resend brought and a new retry budget, skipping the calls earlier runs completed (its
	 * {@code rerun_from} stays), as a replay does.
	 */
	private boolean rerun(Connection connection, DeliveryRecord row, NewDelivery delivery) throws SQLException {
		String sql = "UPDATE inbox_delivery SET status = 'pending', attempts = attempts + 1, attempt_base = attempts, "
				+ "retries = 0, retry_at = NULL, replay = FALSE, owner_node = ?, lease_until = " + this.dialect.nowPlusMillis()
				+ ", completed_at = NULL, body = ?, headers = ?, content_type = ? "
				+ "WHERE id = ? AND attempts = ? AND status IN ('failed', 'dead')";
		try (PreparedStatement update = connection.prepareStatement(sql)) {
			update.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
			update.setString(1, this.settings.nodeId());
			update.setLong(2, this.settings.leaseDuration().toMillis());
			update.setBytes(3, delivery.body());
			update.setString(4, HeaderCodec.encode(delivery.headers()));
			update.setString(5, delivery.contentType());
			update.setLong(6, row.id());
			update.setInt(7, row.attempts());
			return update.executeUpdate() == 1;
		}
	}

	private static DeliveryRef ref(DeliveryRecord row, int attempt) {
		return new DeliveryRef(row.id(), row.source(), row.deliveryId(), attempt);
	}

}
