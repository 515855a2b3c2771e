package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies reported outcomes ({@link Inbox#finished}, {@link Inbox#released}) in batches on one virtual
 * thread (one of the inbox's {@link OutcomeWriters}, which gives each row's outcomes to one writer):
 * whatever was reported within {@value #TICK_MILLIS} ms goes into one transaction of set-based
 * updates, one per kind of change, each fenced by the {@code (id, attempts)} pairs and
 * {@code status = 'pending'}, so that an outcome for an attempt another node has since claimed changes
 * nothing and is counted as fenced.
 * Outcomes that cannot be written (the database is down) are kept and tried again, up to
 * {@value #MAX_BACKLOG}; beyond that the rest are dropped and their rows recovered after their lease
 * (delivery is at least once). Lease renewal skips the rows a batch has locked, so the two never wait
 * on each other; a deadlock all the same (PostgreSQL detects it) fails the batch, which is tried again
 * like any failed batch. A batch the database refuses for its data (see
 * {@link Jdbc#dataError}) is applied one outcome at a time, and a refused outcome is dropped with an
 * ERROR log rather than retried forever in front of every later one. Any other failure, a
 * {@link RuntimeException} included, keeps the batch for another try after {@value #BACKOFF_MILLIS} ms:
 * the thread never dies.
 *
 * <p>On PostgreSQL an outcome's transaction commits without waiting for its WAL flush
 * ({@link SqlDialect#unflushedCommit()}): a crash may lose the last outcomes, whose rows then run again
 * (at least once), and the acknowledgement path keeps the disk's flushes to itself.
 *
 * <p>A reported handle stays in {@link HeldRefs}, its lease renewed, until its outcome is committed
 * (or dropped): an outcome is not safe while it waits in this queue, and a row whose lease ran out
 * there would be claimed and run again although it had finished. Every statement has the inbox's
 * query timeout, so that a stalled database cannot hold this thread for ever.
 */
final class OutcomeWriter {

	private static final Logger logger = LoggerFactory.getLogger(OutcomeWriter.class);

	static final int TICK_MILLIS = 10;

	static final int MAX_BATCH = 1000;

	static final int MAX_BACKLOG = 100_000;

	static final int BACKOFF_MILLIS = 100;

	/** Rows per update statement. */
	static final int PER_STATEMENT = 500;

	private final DataSource dataSource;

	private final SqlDialect dialect;

	private final Counters counters;

	private final InboxListener listener;

	private final HeldRefs held;

	/** Whether and when failed deliveries are retried ({@link DeliveryRetryRule}). */
	private final InboxSettings settings;

	/** "Now" of the retries of failed deliveries. */
	private final Clock clock;

	private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();

	private final List<Outcome> retry = new ArrayList<>();

	/** The size of {@link #retry}, for {@link #backlog()} on other threads. */
	private volatile int retrySize;

	private final int shard;

	private final Thread thread;

	private volatile boolean closed;

	private boolean failing;

	/** The failed runs made dead by source, as their retries were spent, committed and not yet told. */
	private final Map<String, Integer> dead = new HashMap<>();

	/**
	 * @param shard this writer's number among the inbox's {@link OutcomeWriters}, in its thread's name and
	 * its log
	 */
	OutcomeWriter(int shard, DataSource dataSource, SqlDialect dialect, Counters counters, InboxListener listener,
			HeldRefs held, InboxSettings settings, Clock clock) {
		this.shard = shard;
		this.settings = settings;
		this.clock = clock;
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.counters = counters;
		this.listener = GuardedListener.of(listener);
		this.held = held;
		this.thread = Thread.ofVirtual().name("taobus-inbox-outcomes-" + shard).start(this::run);
	}

	void add(DeliveryRef ref, @Nullable Completion completion, List<CallRecord> calls, byte @Nullable [] response) {
		this.queue.add(new Outcome(ref, completion, List.copyOf(calls), response));
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
				this.retrySize = 0;
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
		long started = System.nanoTime();
		batch.sort(Comparator.comparingLong((Outcome outcome) -> outcome.ref().id()));
		try {
			int applied;
			Map<String, Integer> failed = new HashMap<>();
			List<Outcome> written;
			try {
				applied = apply(batch, failed);
				written = batch;
			}
			catch (SQLException ex) {
				if (!Jdbc.dataError(ex)) {
					throw ex;
				}
				written = new ArrayList<>();
				applied = applyOneByOne(batch, failed, written);
			}
			forget(batch);
			tell(failed, written);
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
			if (logger.isDebugEnabled()) { // bench/outcome-lag.sh reads it
				logger.debug("Writer {} wrote {} delivery outcomes in {} ms; {} behind in it", this.shard, batch.size(),
						(System.nanoTime() - started) / 1_000_000, backlog());
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

	/**
	 * Tells the listener what committed: the failed runs by source, those of them made dead as their
	 * retries were spent, and the calls of each outcome written.
	 */
	private void tell(Map<String, Integer> failed, List<Outcome> written) {
		failed.forEach((source, rows) -> {
			if (rows > 0) {
				this.listener.deliveriesSettled(source, DeliveryStatus.FAILED, rows);
			}
		});
		if (!this.dead.isEmpty()) {
			this.listener.dead(this.dead.values().stream().mapToInt(Integer::intValue).sum());
			this.dead.forEach((source, rows) -> this.listener.deliveriesSettled(source, DeliveryStatus.DEAD, rows));
			this.dead.clear();
		}
		for (Outcome outcome : written) {
			if (!outcome.calls().isEmpty()) {
				this.listener.callsRecorded(outcome.ref().source(), outcome.ref().deliveryId(), outcome.calls());
			}
		}
	}

	private void keep(List<Outcome> batch) {
		int keep = Math.min(batch.size(), MAX_BACKLOG);
		// those beyond the backlog (the lowest ids: the batch is in id order) are dropped: their rows are
		// recovered once their leases run out
		forget(batch.subList(0, batch.size() - keep));
		this.retry.addAll(batch.subList(batch.size() - keep, batch.size()));
		this.retrySize = this.retry.size();
	}

	/** Ends the renewal of the rows whose outcomes were committed, fenced or dropped. */
	private void forget(List<Outcome> outcomes) {
		outcomes.forEach((outcome) -> this.held.remove(outcome.ref()));
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
	private int applyOneByOne(List<Outcome> batch, Map<String, Integer> failed, List<Outcome> written)
			throws SQLException {
		int applied = 0;
		for (Outcome outcome : batch) {
			try {
				applied += apply(List.of(outcome), failed);
				written.add(outcome);
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

	/**
	 * Applies the batch in one transaction, one statement per kind of change (completed with the same
	 * counts, failed with the same error, released) and up to {@value #PER_STATEMENT} rows: a set-based
	 * update over {@code (id, attempts)} pairs rather than a statement per row, as River settles its
	 * jobs; returns how many outcomes changed their row, and adds the failed runs it committed to
	 * {@code failed} by source.
	 */
	private int apply(List<Outcome> batch, Map<String, Integer> failed) throws SQLException {
		Map<Change, List<DeliveryRef>> changes = new LinkedHashMap<>();
		List<CallRows.Insert> calls = new ArrayList<>();
		List<Long> reruns = new ArrayList<>();
		List<DeliveryRef> failedRuns = new ArrayList<>();
		for (Outcome outcome : batch) {
			changes.computeIfAbsent(Change.of(outcome.completion(), outcome.ref().source()), (change) -> new ArrayList<>())
				.add(outcome.ref());
			if (outcome.completion() instanceof Completion.Failed failure && failure.retried()) {
				failedRuns.add(outcome.ref());
			}
			if (outcome.completion() != null && outcome.ref().attempt() > 1) {
				reruns.add(outcome.ref().id()); // a first attempt has no earlier calls, so no retry to end
			}
			if (!outcome.calls().isEmpty()) {
				calls.add(new CallRows.Insert(outcome.ref().id(), outcome.calls()));
			}
		}
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				String unflushed = this.dialect.unflushedCommit();
				if (unflushed != null) {
					try (Statement statement = connection.createStatement()) {
						statement.execute(unflushed);
					}
				}
				recordResponses(connection, batch);
				int applied = 0;
				Map<String, Integer> failedHere = new HashMap<>();
				for (Map.Entry<Change, List<DeliveryRef>> change : changes.entrySet()) {
					List<DeliveryRef> refs = change.getValue();
					for (int from = 0; from < refs.size(); from += PER_STATEMENT) {
						int changed = change.getKey().apply(connection, refs.subList(from, Math.min(refs.size(), from + PER_STATEMENT)),
								this.dialect);
						applied += changed;
						if (change.getKey().status() == DeliveryStatus.FAILED && changed > 0) {
							failedHere.merge(change.getKey().source(), changed, Integer::sum);
						}
					}
				}
				// in the failure's transaction: its record commits before its retry can be claimed
				Map<String, Integer> dead = DeliveryRetries.schedule(connection, failedRuns, this.settings, this.clock.instant());
				// a failed run whose retries are spent is settled dead, not failed
				dead.forEach((source, rows) -> failedHere.merge(source, -rows, Integer::sum));
				CallRetries.supersede(connection, reruns);
				CallRows.insert(connection, calls);
				connection.commit();
				failedHere.forEach((source, rows) -> failed.merge(source, rows, Integer::sum));
				dead.forEach((source, rows) -> this.dead.merge(source, rows, Integer::sum));
				return applied;
			}
			catch (SQLException | RuntimeException ex) {
				Jdbc.rollbackQuietly(connection, ex);
				throw ex;
			}
		}
	}

	/**
	 * Records the responses of a batch, before its changes settle their rows: only on the attempt that
	 * produced one, and only where none is recorded (a rerun's never replaces the first). Only
	 * request/response deliveries have one, so a batch of webhooks sends no statement here.
	 */
	private static void recordResponses(Connection connection, List<Outcome> batch) throws SQLException {
		PreparedStatement update = null;
		try {
			for (Outcome outcome : batch) {
				if (outcome.response() == null) {
					continue;
				}
				if (update == null) {
					update = connection.prepareStatement("UPDATE inbox_delivery SET response = ?"
							+ " WHERE id = ? AND attempts = ? AND status = 'pending' AND replay = FALSE AND response IS NULL");
					update.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
				}
				update.setBytes(1, outcome.response());
				update.setLong(2, outcome.ref().id());
				update.setInt(3, outcome.ref().attempt());
				update.addBatch();
			}
			if (update != null) {
				update.executeBatch();
			}
		}
		finally {
			if (update != null) {
				update.close();
			}
		}
	}

	/** Outcomes waiting to be written; {@link JdbcInbox} refuses new deliveries while too many wait. */
	int backlog() {
		return this.queue.size() + this.retrySize;
	}

	/**
	 * One kind of change to settled or released rows: a release when {@code status} is null.
	 * @param status completed or failed, or null for a release
	 * @param source the rows' source for a failure, so that the failed runs are counted by source; else null
	 */
	private record Change(@Nullable DeliveryStatus status, int handlerCalls, int asyncErrors, @Nullable String lastError,
			@Nullable String source) {

		static Change of(@Nullable Completion completion, String source) {
			return switch (completion) {
				case Completion.Completed completed ->
					new Change(DeliveryStatus.COMPLETED, completed.handlerCalls(), completed.asyncErrors(), null, null);
				case Completion.Failed failed ->
					new Change(DeliveryStatus.FAILED, failed.handlerCalls(), failed.asyncErrors(), failed.describe(), source);
				case null -> new Change(null, 0, 0, null, null);
			};
		}

		/** Changes the rows of these attempts that are still pending; returns how many changed. */
		int apply(Connection connection, List<DeliveryRef> refs, SqlDialect dialect) throws SQLException {
			String set = (this.status == null)
					? "owner_node = NULL, lease_until = " + dialect.nowPlusMillis() + ", attempt_base = attempt_base + 1"
					: "status = ?, completed_at = CURRENT_TIMESTAMP, handler_calls = ?, async_errors = ?, last_error = ?, "
							+ "owner_node = NULL, lease_until = NULL, replay = FALSE";
			// a row marked for replay is not settled by the attempt before: its claim raises the attempts
			String sql = "UPDATE inbox_delivery SET " + set + " WHERE status = 'pending' AND replay = FALSE AND (id, attempts) IN ("
					+ "(?, ?), ".repeat(refs.size() - 1) + "(?, ?))";
			try (PreparedStatement update = connection.prepareStatement(sql)) {
				update.setQueryTimeout(JdbcInbox.STATEMENT_TIMEOUT_SECONDS);
				int index = 1;
				if (this.status == null) {
					update.setLong(index++, 0);
				}
				else {
					update.setString(index++, this.status.value());
					update.setInt(index++, this.handlerCalls);
					update.setInt(index++, this.asyncErrors);
					update.setString(index++, this.lastError);
				}
				for (DeliveryRef ref : refs) {
					update.setLong(index++, ref.id());
					update.setInt(index++, ref.attempt());
				}
				return update.executeUpdate();
			}
		}

	}

	/** Stops taking new batches once what was reported is written; {@link #close} waits for it. */
	void stop() {
		this.closed = true;
	}

	/**
	 * Stops after writing what was reported, waiting up to the timeout; a writer still busy then is left
	 * to finish on its own, never interrupted (it may be inside the JDBC driver).
	 */
	void close(long timeoutMillis) {
		stop();
		Jdbc.awaitQuietly(this.thread, timeoutMillis, "The inbox's outcome writer",
				this.queue.size() + " outcomes still queued");
	}

	/**
	 * An outcome to write: a completion, or a release when {@code completion} is null, with the handler
	 * calls of its attempt for the ledger and the response to record with it, if any.
	 */
	private record Outcome(DeliveryRef ref, @Nullable Completion completion, List<CallRecord> calls,
			byte @Nullable [] response) {
	}

}
