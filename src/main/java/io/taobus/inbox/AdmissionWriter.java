package io.taobus.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit writer: one virtual thread drains a bounded queue, collects up to
 * {@code batchSize} deliveries or what arrives within {@code batchWindow} after the first, and decides
 * them in one transaction, forced to disk before anyone is answered where the commit alone is not
 * durable ({@link SqlDialect#syncAfterCommit()}, the embedded H2). Callers only enqueue (no JDBC on
 * their thread); their stages complete after the commit, on a virtual thread of their window rather
 * than the writer's, so that the next window starts at once. A failed window fails every stage in it
 * with {@link InboxUnavailableException}, except when the data is at fault (SQLState class 22 or 23,
 * see {@link Jdbc#dataError}): then its deliveries are written one by one, so that only the bad one
 * fails, with {@link IllegalArgumentException} (a 400, not a 503).
 */
final class AdmissionWriter {

	private static final Logger logger = LoggerFactory.getLogger(AdmissionWriter.class);

	/** Attempts of a window that hit a deadlock or serialization failure before it is refused. */
	private static final int MAX_TRIES = 3;

	private final DataSource dataSource;

	private final Admissions admissions;

	private final @Nullable String syncAfterCommit;

	private final InboxSettings settings;

	private final Counters counters;

	private final InboxListener listener;

	private final HeldRefs held;

	private final BlockingQueue<Request> queue;

	private final Thread thread;

	private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();

	private volatile boolean closed;

	/** When the window being written was started ({@link System#nanoTime()}), 0 between windows. */
	private volatile long writingSince;

	private boolean failing;

	AdmissionWriter(DataSource dataSource, Admissions admissions, @Nullable String syncAfterCommit,
			InboxSettings settings, Counters counters, InboxListener listener, HeldRefs held) {
		this.dataSource = dataSource;
		this.admissions = admissions;
		this.syncAfterCommit = syncAfterCommit;
		this.settings = settings;
		this.counters = counters;
		this.listener = GuardedListener.of(listener);
		this.held = held;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
		this.thread = Thread.ofVirtual().name("taobus-inbox-writer").start(this::run);
	}

	CompletionStage<Admission> submit(NewDelivery delivery) {
		Request request = new Request(delivery, new CompletableFuture<>(), System.nanoTime());
		boolean queued;
		// the read lock keeps close() from slipping between the check and the offer: everything offered
		// before closed is set is written before the writer stops
		this.closing.readLock().lock();
		try {
			if (this.closed) {
				return CompletableFuture.failedFuture(new InboxUnavailableException("the inbox is closed",
						this.settings.retryAfter()));
			}
			queued = this.queue.offer(request);
		}
		finally {
			this.closing.readLock().unlock();
		}
		if (!queued) {
			this.counters.rejected();
			this.listener.rejected();
			return CompletableFuture.failedFuture(new InboxUnavailableException(
					"the inbox's writer queue is full (" + this.settings.queueCapacity() + ")", this.settings.retryAfter()));
		}
		return request.result();
	}

	private void run() {
		List<Request> window = new ArrayList<>(this.settings.batchSize());
		while (!this.closed || !this.queue.isEmpty()) {
			try {
				Request first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				window.add(first);
				collect(window);
				this.writingSince = System.nanoTime();
				write(window);
			}
			catch (InterruptedException ex) {
				// interrupted while collecting a window (a close that stopped waiting): what it took off the
				// queue is failed like what is left on it, so that no caller waits for ever
				fail(window, new IllegalStateException("the inbox closed"));
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				fail(window, ex);
			}
			finally {
				this.writingSince = 0;
				window.clear();
			}
		}
		List<Request> left = new ArrayList<>();
		this.queue.drainTo(left);
		fail(left, new IllegalStateException("the inbox closed"));
	}

	private void collect(List<Request> window) throws InterruptedException {
		int max = this.settings.batchSize();
		long deadline = System.nanoTime() + this.settings.batchWindow().toNanos();
		while (window.size() < max) {
			this.queue.drainTo(window, max - window.size());
			long remaining = deadline - System.nanoTime();
			if (window.size() >= max || remaining <= 0) {
				return;
			}
			Request next = this.queue.poll(remaining, TimeUnit.NANOSECONDS);
			if (next == null) {
				return;
			}
			window.add(next);
		}
	}

	private void write(List<Request> window) {
		List<NewDelivery> deliveries = window.stream().map(Request::delivery).toList();
		SQLException failure = null;
		for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
			try {
				List<Admission> decided = commit(deliveries);
				long nanos = System.nanoTime() - window.getFirst().enqueuedNanos();
				this.counters.batch(window.size());
				this.listener.committed(window.size(), nanos);
				complete(List.copyOf(window), decided);
				if (this.failing) {
					this.failing = false;
					logger.info("The inbox stores deliveries again");
				}
				return;
			}
			catch (SQLException ex) {
				failure = ex;
				if (Jdbc.dataError(ex)) {
					writeOneByOne(window);
					return;
				}
				if (!retryable(ex)) {
					break;
				}
			}
		}
		fail(window, failure);
	}

	/** Writes a window whose data the database refused one delivery at a time, refusing only the bad ones. */
	private void writeOneByOne(List<Request> window) {
		for (Request request : window) {
			try {
				List<Admission> decided = commit(List.of(request.delivery()));
				this.counters.batch(1);
				this.listener.committed(1, System.nanoTime() - request.enqueuedNanos());
				complete(List.of(request), decided);
			}
			catch (SQLException ex) {
				if (Jdbc.dataError(ex)) {
					logger.warn("The inbox refused {}: {}", request.delivery(), ex.toString());
					IllegalArgumentException refused = new IllegalArgumentException(
							"the inbox cannot store this delivery: " + ex.getMessage(), ex);
					Thread.startVirtualThread(() -> request.result().completeExceptionally(refused));
				}
				else {
					fail(List.of(request), ex);
				}
			}
		}
	}

	private List<Admission> commit(List<NewDelivery> deliveries) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				List<Admission> decided = this.admissions.decide(connection, deliveries);
				connection.commit();
				sync(connection);
				return decided;
			}
			catch (SQLException | RuntimeException ex) {
				Jdbc.rollbackQuietly(connection, ex);
				throw ex;
			}
		}
	}

	/**
	 * Forces the committed window to disk where the commit alone does not ({@link SqlDialect#syncAfterCommit()}),
	 * before any caller of the window is answered. A failed sync fails the window: its rows are committed
	 * and held by this node's lease (recovery runs them once it expires), but not known to be durable, so
	 * their senders are told to retry and their retries are answered as duplicates.
	 */
	private void sync(Connection connection) throws SQLException {
		if (this.syncAfterCommit != null) {
			try {
				Jdbc.sync(connection, this.syncAfterCommit);
			}
			catch (SQLException ex) {
				// an I/O error (class 58), never retried: the window's rows are committed already
				throw new SQLException("the inbox committed a window but could not force it to disk: " + ex.getMessage(),
						"58030", ex);
			}
		}
	}

	private static boolean retryable(SQLException ex) {
		String state = ex.getSQLState();
		// deadlock, serialization failure, H2's lock timeout
		return state != null && (state.equals("40P01") || state.equals("40001") || state.equals("HYT00"));
	}

	private void complete(List<Request> window, List<Admission> decided) {
		for (Admission admission : decided) {
			switch (admission) {
				case Admission.Accepted accepted -> this.held.add(accepted.ref());
				case Admission.Rerun rerun -> this.held.add(rerun.ref());
				case Admission.Duplicate duplicate -> {
				}
			}
		}
		Thread.startVirtualThread(() -> {
			for (int i = 0; i < window.size(); i++) {
				window.get(i).result().complete(decided.get(i));
			}
		});
	}

	private void fail(List<Request> window, Throwable cause) {
		if (window.isEmpty()) {
			return;
		}
		this.counters.failedBatch();
		this.listener.commitFailed(window.size(), cause);
		if (!this.failing && !this.closed) {
			this.failing = true;
			logger.warn("The inbox cannot store deliveries; they are refused until it can: {}", cause.toString());
		}
		InboxUnavailableException refused = new InboxUnavailableException(
				"the inbox cannot store the delivery now: " + cause.getMessage(), this.settings.retryAfter(), cause);
		List<Request> failed = List.copyOf(window);
		Thread.startVirtualThread(() -> failed.forEach((request) -> request.result().completeExceptionally(refused)));
	}

	/**
	 * Whether one window has been in the writing for longer than the limit: a writer wedged inside the
	 * store, whose deliveries get no answer but their timeout's, while the store may still answer a
	 * health check's {@code SELECT 1}.
	 */
	boolean stuckFor(java.time.Duration limit) {
		long since = this.writingSince;
		return since != 0 && System.nanoTime() - since > limit.toNanos();
	}

	/**
	 * Stops taking deliveries, lets the writer commit what is queued, and waits for it up to the timeout.
	 * A writer still busy then is left to finish on its own, never interrupted: it may be inside the
	 * JDBC driver, where an interrupt closes the embedded database.
	 */
	void close(long timeoutMillis) {
		this.closing.writeLock().lock();
		try {
			this.closed = true;
		}
		finally {
			this.closing.writeLock().unlock();
		}
		Jdbc.awaitQuietly(this.thread, timeoutMillis, "The inbox's writer", this.queue.size() + " deliveries still queued");
	}

	private record Request(NewDelivery delivery, CompletableFuture<Admission> result, long enqueuedNanos) {
	}

}
