package io.taobus.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link Inbox} on JDBC: one implementation for the embedded H2 file database and for
 * PostgreSQL, whose differences stay in {@link SqlDialect}. Admissions go through the group-commit
 * {@link AdmissionWriter}, outcomes through the batching {@link OutcomeWriters}, claims through
 * {@link Claims}, replays and retention through {@link Maintenance}; this class holds them together
 * and runs the operator's queries. The schema comes from {@link InboxMigrations}, applied before this
 * is built.
 */
public final class JdbcInbox implements Inbox {

	private static final Logger logger = LoggerFactory.getLogger(JdbcInbox.class);

	/** How long {@link #close()} waits for the writers. */
	private static final long CLOSE_MILLIS = 10_000;

	/**
	 * How long one admission window may be in the writing before the inbox reports itself unhealthy:
	 * past every statement's timeout and the pool's connection timeout, so only a wedged writer.
	 */
	static final Duration STUCK_AFTER = Duration.ofSeconds(12);

	/** Row ids per renewal statement. */
	static final int RENEW_CHUNK = 500;

	/** The query timeout of the background statements (renewal, claim, retention). */
	static final int STATEMENT_TIMEOUT_SECONDS = 5;

	/**
	 * The query timeout of the operator's statements (find, list, replay, backlog): a slow one ends
	 * with an error rather than holding a connection; nothing interrupts them.
	 */
	static final int OPERATOR_TIMEOUT_SECONDS = 10;

	private final DataSource dataSource;

	private final SqlDialect dialect;

	private final InboxSettings settings;

	private final Clock clock;

	private final Counters counters = new Counters();

	private final HeldRefs held = new HeldRefs();

	private final InboxListener listener;

	/** The group-commit writers, each deciding the keys that hash to it (so a copy is decided after its original). */
	private final List<AdmissionWriter> admissions;

	private final OutcomeWriters outcomes;

	private final Claims claims;

	private final Maintenance maintenance;

	private final CallRetries retries;

	/** Whether the last health check failed (for logging the change only). */
	private volatile boolean unhealthy;

	/**
	 * An inbox on a migrated database.
	 * @param clock "now" of retention (leases use the database's clock)
	 */
	public JdbcInbox(DataSource dataSource, InboxSettings settings, Clock clock, InboxListener listener) {
		this(dataSource, settings, clock, listener, 0);
	}

	/**
	 * An inbox with a given number of admission writers, 0 for the database's own
	 * ({@link SqlDialect#admissionWriters()}).
	 */
	JdbcInbox(DataSource pool, InboxSettings settings, Clock clock, InboxListener listener, int writers) {
		DataSource dataSource = AutoCommitting.of(pool);
		this.dataSource = dataSource;
		this.dialect = SqlDialect.of(dataSource);
		this.settings = settings;
		this.clock = clock;
		probe(dataSource, new Admissions(this.dialect, settings));
		InboxListener guarded = GuardedListener.of(listener);
		this.listener = guarded;
		int share = poolShare(pool);
		int count = (writers > 0) ? writers : Math.min(this.dialect.admissionWriters(), share);
		List<AdmissionWriter> admissions = new ArrayList<>(count);
		InboxSettings shard = settings.withQueueCapacity(Math.max(1, settings.queueCapacity() / count));
		for (int i = 0; i < count; i++) {
			admissions.add(new AdmissionWriter(dataSource, new Admissions(this.dialect, settings),
					this.dialect.syncAfterCommit(), shard, this.counters, guarded, this.held));
		}
		this.admissions = List.copyOf(admissions);
		this.outcomes = new OutcomeWriters(Math.min(this.dialect.outcomeWriters(), share), dataSource, this.dialect,
				this.counters, guarded, this.held, settings, clock);
		this.claims = new Claims(dataSource, this.dialect, settings, this.counters, guarded, this.held, clock);
		this.maintenance = new Maintenance(dataSource, settings, clock);
		this.retries = new CallRetries(dataSource, this.dialect, settings, clock);
	}

	/**
	 * The writers of each kind (admissions, outcomes) a pool can carry beside the inbox's other work: a
	 * quarter of a HikariCP pool's connections (4 of Boot's 16), at least one; any other pool is taken at
	 * its word.
	 */
	private static int poolShare(DataSource pool) {
		try {
			if (pool.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
				return Math.max(1, pool.unwrap(com.zaxxer.hikari.HikariDataSource.class).getMaximumPoolSize() / 4);
			}
		}
		catch (SQLException ex) {
			logger.debug("Cannot tell the inbox pool's size: {}", ex.toString());
		}
		return Integer.MAX_VALUE;
	}

	/** Fails startup, naming the setting, where the driver cannot serve the admission path. */
	private static void probe(DataSource dataSource, Admissions admissions) {
		try (Connection connection = dataSource.getConnection()) {
			admissions.probe(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The inbox cannot write to its database: " + ex.getMessage(), ex);
		}
	}

	/** The Flyway location of the migrations for the database behind a data source. */
	public static String migrations(DataSource dataSource) {
		return SqlDialect.of(dataSource).migrations();
	}

	@Override
	public CompletionStage<Admission> accept(NewDelivery delivery) {
		int behind = this.outcomes.backlog();
		if (behind > this.settings.queueCapacity()) {
			// what this node stores faster than it can record as done would outrun its leases: refuse the
			// new (the sender retries) until the outcome writer has caught up
			this.counters.rejected();
			this.listener.rejected();
			return CompletableFuture.failedFuture(new InboxUnavailableException("the inbox is " + behind
					+ " delivery outcomes behind (more than queue-capacity " + this.settings.queueCapacity() + ")",
					this.settings.retryAfter()));
		}
		List<AdmissionWriter> writers = this.admissions;
		int shard = (writers.size() == 1) ? 0 : Math.floorMod(delivery.key().hashCode(), writers.size());
		return writers.get(shard).submit(delivery);
	}

	@Override
	public void finished(DeliveryRef ref, Completion completion, List<CallRecord> calls,
			byte @Nullable [] response) {
		// the handle stays held, its lease renewed, until the outcome writer has committed it
		this.outcomes.add(ref, completion, calls, response);
	}

	@Override
	public CallLog callLog(DeliveryRef ref) {
		return new CallLog(this.clock, ref.attempt());
	}

	@Override
	public List<DueRetry> claimDueRetries(int limit) {
		try {
			return this.retries.claim(limit);
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("claim retries", ex);
		}
	}

	@Override
	public CallLog retryLog(DueRetry retry) {
		return CallLog.retry(this.clock, retry);
	}

	@Override
	public boolean retried(DueRetry retry, List<CallRecord> calls) {
		try {
			boolean settled = this.retries.settle(retry, calls);
			if (settled && !calls.isEmpty()) {
				this.listener.callsRecorded(retry.delivery().source(), retry.delivery().deliveryId(), calls);
			}
			return settled;
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("settle a retry", ex);
		}
	}

	@Override
	public void releasedRetry(DueRetry retry) {
		try {
			this.retries.release(retry);
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("release a retry", ex);
		}
	}

	@Override
	public List<CallRecord> completedCalls(DeliveryRef ref) {
		try (Connection connection = this.dataSource.getConnection()) {
			return CallRows.completed(connection, ref.id());
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("completed calls", ex);
		}
	}

	@Override
	public List<CallRecord> calls(String source, String deliveryId) {
		try (Connection connection = this.dataSource.getConnection()) {
			return CallRows.timeline(connection, source, deliveryId);
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("calls", ex);
		}
	}

	@Override
	public void released(DeliveryRef ref) {
		// not running here any more: no lease to keep while the release waits to be written
		this.held.remove(ref);
		this.outcomes.add(ref, null, List.of(), null);
	}

	/**
	 * Renews the rows whose handle this node still holds ({@link HeldRefs}), {@value #RENEW_CHUNK} ids a
	 * transaction: it locks those it can in id order with {@code FOR UPDATE SKIP LOCKED} and extends
	 * their leases. A row another transaction has locked is skipped rather than waited for: the outcome
	 * writer is settling it (no lease to keep), and renewal never waits on it, so the two cannot deadlock
	 * however the outcome writer's statements lock. A failed chunk does not stop the others; the first
	 * failure is thrown once all were tried, so that recovery knows renewal failed.
	 */
	@Override
	public int renewLeases() {
		List<Long> ids = this.held.ids();
		int renewed = 0;
		SQLException failure = null;
		try (Connection connection = this.dataSource.getConnection()) {
			for (int from = 0; from < ids.size(); from += RENEW_CHUNK) {
				try {
					renewed += renew(connection, ids.subList(from, Math.min(ids.size(), from + RENEW_CHUNK)));
				}
				catch (SQLException ex) {
					if (failure == null) {
						failure = ex;
					}
					else {
						failure.addSuppressed(ex);
					}
				}
			}
		}
		catch (SQLException ex) {
			failure = ex;
		}
		try {
			renewed += this.retries.renew();
		}
		catch (SQLException ex) {
			if (failure == null) {
				failure = ex;
			}
			else {
				failure.addSuppressed(ex);
			}
		}
		if (failure != null) {
			throw Jdbc.unchecked("lease renewal", failure);
		}
		return renewed;
	}

	private int renew(Connection connection, List<Long> chunk) throws SQLException {
		String in = "?,".repeat(chunk.size() - 1) + "?";
		String lock = "SELECT id FROM inbox_delivery WHERE owner_node = ? AND status = 'pending' AND id IN (" + in
				+ ") ORDER BY id FOR UPDATE SKIP LOCKED";
		connection.setAutoCommit(false);
		try {
			List<Long> locked = new ArrayList<>(chunk.size());
			try (PreparedStatement select = connection.prepareStatement(lock)) {
				select.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
				select.setString(1, this.settings.nodeId());
				for (int i = 0; i < chunk.size(); i++) {
					select.setLong(i + 2, chunk.get(i));
				}
				try (ResultSet rs = select.executeQuery()) {
					while (rs.next()) {
						locked.add(rs.getLong(1));
					}
				}
			}
			int renewed = 0;
			if (!locked.isEmpty()) {
				String extend = "UPDATE inbox_delivery SET lease_until = " + this.dialect.nowPlusMillis() + " WHERE id IN ("
						+ "?,".repeat(locked.size() - 1) + "?)";
				try (PreparedStatement update = connection.prepareStatement(extend)) {
					update.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
					update.setLong(1, this.settings.leaseDuration().toMillis());
					for (int i = 0; i < locked.size(); i++) {
						update.setLong(i + 2, locked.get(i));
					}
					renewed = update.executeUpdate();
				}
			}
			connection.commit();
			return renewed;
		}
		catch (SQLException | RuntimeException ex) {
			Jdbc.rollbackQuietly(connection, ex);
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	@Override
	public List<ClaimedDelivery> claimExpired(int limit) {
		return this.claims.claim(limit);
	}

	@Override
	public Optional<DeliveryRecord> find(String source, String deliveryId, boolean withBody) {
		String sql = "SELECT " + (withBody ? DeliveryRows.COLUMNS_WITH_BODY : DeliveryRows.COLUMNS)
				+ " FROM inbox_delivery WHERE source = ? AND delivery_id = ?";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(sql)) {
			select.setQueryTimeout(OPERATOR_TIMEOUT_SECONDS);
			select.setString(1, source);
			select.setString(2, deliveryId);
			return DeliveryRows.readAll(select, withBody).stream().findFirst();
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("find", ex);
		}
	}

	@Override
	public DeliveryPage list(DeliveryQuery query) {
		DeliveryFilters.Where where = DeliveryFilters.list(query);
		String sql = "SELECT " + DeliveryRows.COLUMNS + " FROM inbox_delivery WHERE id < ?" + where.sql()
				+ " ORDER BY id DESC LIMIT " + (query.limit() + 1);
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(sql)) {
			select.setQueryTimeout(OPERATOR_TIMEOUT_SECONDS);
			select.setLong(1, query.beforeId());
			for (int i = 0; i < where.values().size(); i++) {
				select.setObject(i + 2, where.values().get(i));
			}
			return DeliveryPage.of(DeliveryRows.readAll(select, false), query.limit());
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("list", ex);
		}
	}

	@Override
	public List<HandlerFigures> handlerFigures() {
		try (Connection connection = this.dataSource.getConnection()) {
			return CallRows.figures(connection);
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("handler figures", ex);
		}
	}

	@Override
	public ReplayOutcome replay(String source, String deliveryId, ReplayScope scope) {
		try {
			return this.maintenance.replay(source, deliveryId, scope);
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("replay", ex);
		}
	}

	@Override
	public int replay(ReplayFilter filter) {
		try {
			return this.maintenance.replay(filter);
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("replay", ex);
		}
	}

	@Override
	public int replayCount(ReplayFilter filter) {
		try {
			return this.maintenance.replayCount(filter);
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("replay preview", ex);
		}
	}

	@Override
	public Purged purge() {
		try {
			return this.maintenance.purge();
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("retention", ex);
		}
	}

	@Override
	public List<CallTally> callTallies() {
		try (Connection connection = this.dataSource.getConnection()) {
			return CallRows.tallies(connection);
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("call tallies", ex);
		}
	}

	@Override
	public Backlog backlog() {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(
						"SELECT COUNT(*), MIN(received_at) FROM inbox_delivery WHERE status = 'pending'")) {
			select.setQueryTimeout(OPERATOR_TIMEOUT_SECONDS);
			try (ResultSet rs = select.executeQuery()) {
				rs.next();
				OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
				Instant oldestAt = (oldest != null) ? oldest.toInstant() : null;
				return new Backlog(rs.getLong(1), oldestAt);
			}
		}
		catch (SQLException ex) {
			throw Jdbc.unchecked("backlog", ex);
		}
	}

	@Override
	public InboxCounters counters() {
		return this.counters.snapshot();
	}

	@Override
	public boolean healthy() {
		if (this.admissions.stream().anyMatch((writer) -> writer.stuckFor(STUCK_AFTER))) {
			return unhealthy("an admission writer has been writing one window for more than " + STUCK_AFTER.toSeconds() + " s");
		}
		// a query rather than isValid(): a failing statement lets the pool evict a dead connection
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(2);
			statement.execute("SELECT 1");
			if (this.unhealthy) {
				this.unhealthy = false;
				logger.info("The inbox's health check passes again");
			}
			return true;
		}
		catch (SQLException ex) {
			return unhealthy(ex.toString());
		}
	}

	/** A failed health check, logged once per spell: a probe every few seconds would repeat it. */
	private boolean unhealthy(String reason) {
		if (!this.unhealthy) {
			this.unhealthy = true;
			logger.warn("The inbox's health check fails: {}", reason);
		}
		return false;
	}

	@Override
	public void close() {
		// the writers close side by side, within one deadline: none takes deliveries while another drains
		List<Thread> closing = this.admissions.stream()
			.map((writer) -> Thread.ofVirtual().name("taobus-inbox-writer-close").start(() -> writer.close(CLOSE_MILLIS)))
			.toList();
		for (Thread thread : closing) {
			Jdbc.awaitQuietly(thread, CLOSE_MILLIS + 1_000, "Closing an inbox writer", "what it still holds gets no answer but its timeout");
		}
		this.outcomes.close(CLOSE_MILLIS);
		// on a thread of its own, waited for within its deadline: a store that hangs must not hang shutdown
		Thread counting = Thread.ofVirtual().name("taobus-inbox-close").start(this::logHeld);
		Jdbc.awaitQuietly(counting, (STATEMENT_TIMEOUT_SECONDS + 1) * 1000L, "Counting the deliveries this node holds",
				"the inbox is closed");
	}

	private void logHeld() {
		String sql = "SELECT COUNT(*) FROM inbox_delivery WHERE owner_node = ? AND status = 'pending'";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(sql)) {
			select.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
			select.setString(1, this.settings.nodeId());
			try (ResultSet rs = select.executeQuery()) {
				long held = rs.next() ? rs.getLong(1) : 0;
				if (held > 0) {
					logger.info("Inbox closed; {} deliveries this node held stay pending, for recovery once their lease "
							+ "expires (within {})", held, this.settings.leaseDuration());
				}
			}
		}
		catch (SQLException ex) {
			logger.info("Inbox closed; the deliveries this node held could not be counted: {}", ex.toString());
		}
	}

}
