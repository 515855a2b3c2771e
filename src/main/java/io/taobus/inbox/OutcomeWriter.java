package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies reported outcomes ({@link Inbox#finished}, {@link Inbox#released}) in batches on one virtual
 * thread: whatever was reported within {@value #TICK_MILLIS} ms goes into one transaction of JDBC
 * batch updates, each fenced by {@code attempts = ?} and {@code status = 'pending'}, so that an
 * outcome for an attempt another node has since claimed changes nothing and is counted as fenced.
 * Outcomes that cannot be written (the database is down) are kept and tried again, up to
 * {@value #MAX_BACKLOG}; beyond that the oldest are dropped and their rows recovered after their lease
 * (delivery is at least once). A batch is applied in row id order (the order lease renewal locks in,
 * so that the two do not deadlock on PostgreSQL). A batch the database refuses for its data (see
 * {@link Jdbc#dataError}) is applied one outcome at a time, and a refused outcome is dropped with an
 * ERROR log rather than retried forever in front of every later one. Any other failure, a
 * {@link RuntimeException} included, keeps the batch for another try after {@value #BACKOFF_MILLIS} ms:
 * the thread never dies.
 */
final class OutcomeWriter {

	private static final Logger logger = LoggerFactory.getLogger(OutcomeWriter.class);

	static final int TICK_MILLIS = 10;

	static final int MAX_BATCH = 1000;

	static final int MAX_BACKLOG = 100_000;

	static final int BACKOFF_MILLIS = 100;

	private final DataSource dataSource;

	private final SqlDialect dialect;

	private final Counters counters;

	private final InboxListener listener;

	private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();

	private final List<Outcome> retry = new ArrayList<>();

	private final Thread thread;

	private volatile boolean closed;

	private boolean failing;

	OutcomeWriter(DataSource dataSource, SqlDialect dialect, Counters counters, InboxListener listener) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.counters = counters;
		this.listener = GuardedListener.of(listener);
		this.thread = Thread.ofVirtual().name("taobus-inbox-outcomes").start(this::run);
	}

	void add(DeliveryRef ref, @Nullable Completion completion) {
		this.queue.add(new Outcome(ref, completion));
	}

	private void run() {
		while (!this.closed || !this.queue.isEmpty()) {
			List<Outcome> batch = null;
			try {
				Outcome first = this.queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
				if (first == null && this.retry.isEmpty()) {
					continue;
				}
				batch = new ArrayList<>(this.retry);
				this.retry.clear();
				if (first != null) {
					batch.add(first);
				}
				this.queue.drainTo(batch, MAX_BATCH);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.error("Writing delivery outcomes failed unexpectedly; retrying", ex);
				if (batch != null && this.retry.isEmpty()) {
					keep(batch);
				}
				if (!backOff()) {
					return;
				}
			}
		}
		if (!this.retry.isEmpty()) {
			logger.warn("{} delivery outcomes could not be written before the inbox closed; their rows will be recovered",
					this.retry.size());
		}
	}

	private void write(List<Outcome> batch) throws InterruptedException {
		batch.sort(Comparator.comparingLong((Outcome outcome) -> outcome.ref().id()));
		try {
			int applied;
			try {
				applied = apply(batch);
			}
			catch (SQLException ex) {
				if (!Jdbc.dataError(ex)) {
					throw ex;
				}
				applied = applyOneByOne(batch);
			}
			int fenced = batch.size() - applied;
			this.counters.completed(applied);
			if (fenced > 0) {
				this.counters.fenced(fenced);
				this.listener.fenced(fenced);
				logger.debug("{} stale delivery outcomes fenced", fenced);
			}
			if (this.failing) {
				this.failing = false;
				logger.info("The inbox records delivery outcomes again");
			}
		}
		catch (SQLException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("The inbox cannot record delivery outcomes; retrying: {}", ex.toString());
			}
			keep(batch);
			if (!this.closed) {
				Thread.sleep(BACKOFF_MILLIS);
			}
		}
	}

	private void keep(List<Outcome> batch) {
		int keep = Math.min(batch.size(), MAX_BACKLOG);
		this.retry.addAll(batch.subList(batch.size() - keep, batch.size()));
	}

	private boolean backOff() {
		if (this.closed) {
			return true;
		}
		try {
			Thread.sleep(BACKOFF_MILLIS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Applies a batch the database refused for its data one outcome at a time, dropping the refused ones. */
	private int applyOneByOne(List<Outcome> batch) throws SQLException {
		int applied = 0;
		for (Outcome outcome : batch) {
			try {
				applied += apply(List.of(outcome));
			}
			catch (SQLException ex) {
				if (!Jdbc.dataError(ex)) {
					throw ex;
				}
				logger.error("The outcome of delivery {}/{} (attempt {}) was refused by the database and is dropped; "
						+ "the row is recovered after its lease: {}", outcome.ref().source(), outcome.ref().deliveryId(),
						outcome.ref().attempt(), ex.toString());
			}
		}
		return applied;
	}

	/** Applies the batch in one transaction; returns how many outcomes changed their row. */
	private int apply(List<Outcome> batch) throws SQLException {
		String settle = "UPDATE inbox_delivery SET status = ?, completed_at = CURRENT_TIMESTAMP, handler_calls = ?, "
				+ "async_errors = ?, last_error = ?, owner_node = NULL, lease_until = NULL, replay = FALSE "
				+ "WHERE id = ? AND attempts = ? AND status = 'pending'";
		String release = "UPDATE inbox_delivery SET owner_node = NULL, lease_until = " + this.dialect.nowPlusMillis()
				+ ", attempt_base = attempt_base + 1 WHERE id = ? AND attempts = ? AND status = 'pending'";
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement settling = connection.prepareStatement(settle);
					PreparedStatement releasing = connection.prepareStatement(release)) {
				boolean settles = false;
				boolean releases = false;
				for (Outcome outcome : batch) {
					if (outcome.completion() == null) {
						releasing.setLong(1, 0);
						releasing.setLong(2, outcome.ref().id());
						releasing.setInt(3, outcome.ref().attempt());
						releasing.addBatch();
						releases = true;
					}
					else {
						bindSettle(settling, outcome);
						settling.addBatch();
						settles = true;
					}
				}
				int applied = (settles ? sum(settling.executeBatch()) : 0) + (releases ? sum(releasing.executeBatch()) : 0);
				connection.commit();
				return applied;
			}
			catch (SQLException | RuntimeException ex) {
				Jdbc.rollbackQuietly(connection, ex);
				throw ex;
			}
		}
	}

	private static void bindSettle(PreparedStatement settling, Outcome outcome) throws SQLException {
		switch (outcome.completion()) {
			case Completion.Completed completed -> {
				settling.setString(1, DeliveryStatus.COMPLETED.value());
				settling.setInt(2, completed.handlerCalls());
				settling.setInt(3, completed.asyncErrors());
				settling.setString(4, null);
			}
			case Completion.Failed failed -> {
				settling.setString(1, DeliveryStatus.FAILED.value());
				settling.setInt(2, failed.handlerCalls());
				settling.setInt(3, failed.asyncErrors());
				settling.setString(4, failed.describe());
			}
			case null -> throw new IllegalStateException("a release is not a settlement");
		}
		settling.setLong(5, outcome.ref().id());
		settling.setInt(6, outcome.ref().attempt());
	}

	private static int sum(int[] counts) {
		int sum = 0;
		for (int count : counts) {
			sum += Math.max(count, 0);
		}
		return sum;
	}

	/**
	 * Stops after writing what was reported, waiting up to the timeout; a writer still busy then is left
	 * to finish on its own, never interrupted (it may be inside the JDBC driver).
	 */
	void close(long timeoutMillis) {
		this.closed = true;
		Jdbc.awaitQuietly(this.thread, timeoutMillis, "The inbox's outcome writer",
				this.queue.size() + " outcomes still queued");
	}

	/** An outcome to write: a completion, or a release when {@code completion} is null. */
	private record Outcome(DeliveryRef ref, @Nullable Completion completion) {
	}

}
