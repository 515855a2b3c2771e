package io.taobus.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * What differs between the two databases of the inbox, kept to SQL fragments. Both read the
 * database's clock ({@code CURRENT_TIMESTAMP}, the transaction's start), so that leases do not depend
 * on the nodes' clocks agreeing; only the arithmetic on it is spelled differently, and H2's
 * {@code ON CONFLICT DO NOTHING} takes no conflict target. Everything else ({@code FOR UPDATE SKIP
 * LOCKED}, {@code LIMIT}, the JDBC batches) is shared:
 * H2 runs in {@code MODE=PostgreSQL}, and the inbox sticks to plain JDBC batches where PostgreSQL's
 * {@code RETURNING} has no H2 equivalent ({@code FINAL TABLE}).
 */
enum SqlDialect {

	/** H2 2.x in file mode, {@code MODE=PostgreSQL}: one node. */
	H2("DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)", "ON CONFLICT DO NOTHING", "CHECKPOINT SYNC", "h2", 1, 1),

	/** PostgreSQL 13 or later: any number of nodes. */
	POSTGRESQL("(CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '1 millisecond')",
			"ON CONFLICT (source, delivery_id) DO NOTHING", null, "postgresql", 4, 2);

	private final String plusMillis;

	private final String onConflictDoNothing;

	private final @Nullable String syncAfterCommit;

	private final String vendor;

	private final int admissionWriters;

	private final int outcomeWriters;

	SqlDialect(String plusMillis, String onConflictDoNothing, @Nullable String syncAfterCommit, String vendor,
			int admissionWriters, int outcomeWriters) {
		this.plusMillis = plusMillis;
		this.onConflictDoNothing = onConflictDoNothing;
		this.syncAfterCommit = syncAfterCommit;
		this.vendor = vendor;
		this.admissionWriters = admissionWriters;
		this.outcomeWriters = outcomeWriters;
	}

	/**
	 * How many group-commit writers admit deliveries, each on its own connection: H2 commits one
	 * transaction at a time whatever the connections (one writer, windows grow instead); PostgreSQL
	 * overlaps the commits of several connections and flushes them together.
	 */
	int admissionWriters() {
		return this.admissionWriters;
	}

	/**
	 * How many {@link OutcomeWriter}s settle finished deliveries, each on its own connection, sharded by
	 * row ({@link OutcomeWriters}): H2 commits one transaction at a time, so one. On PostgreSQL one writer
	 * was the ceiling of a saturated node: at 6,000 to 7,800 outcomes/s it was busy nearly all of every
	 * second, and the first slowdown of the database (in the run measured, while a checkpoint and an
	 * autovacuum of the filled table ran) took it under the admission rate, until the inbox refused new
	 * deliveries with 503. Two overlap their transactions (docs/benchmarks.md).
	 */
	int outcomeWriters() {
		return this.outcomeWriters;
	}

	/**
	 * The clause that makes an insert of a known key do nothing: H2 takes no conflict target (and then
	 * ignores every unique violation, the only one of this table being the key).
	 */
	String onConflictDoNothing() {
		return this.onConflictDoNothing;
	}

	/** The database's now plus a number of milliseconds bound as one {@code long} parameter. */
	String nowPlusMillis() {
		return this.plusMillis;
	}

	/**
	 * The statement that forces committed transactions to disk, run after each admission commit before
	 * its callers are answered (and after each claim and replay), or null where the commit itself is
	 * durable. H2 writes a commit to its file within its write delay but never fsyncs it (a 202 would
	 * survive neither a power loss nor, past the delay, a {@code kill -9}); {@code CHECKPOINT SYNC} is its
	 * only statement that does ({@code Database.sync()} down to
	 * {@code FileChannel.force}). PostgreSQL flushes its WAL before a commit returns
	 * ({@code synchronous_commit} on, its default).
	 */
	@Nullable String syncAfterCommit() {
		return this.syncAfterCommit;
	}

	/**
	 * The statement that lets the current transaction commit without waiting for its flush to disk, or
	 * {@code null} where commits are not flushed per transaction anyway (H2 writes them, and fsyncs only
	 * on request). For the outcome writer only: a lost outcome is a rerun, which at-least-once allows;
	 * never for an admission, whose commit a 202 promises.
	 */
	@Nullable String unflushedCommit() {
		return (this == POSTGRESQL) ? "SET LOCAL synchronous_commit = off" : null;
	}

	/** The Flyway location of this vendor's migrations. */
	String migrations() {
		return "classpath:io/taobus/inbox/db/" + this.vendor;
	}

	/** The dialect of the database behind a data source (one connection, once at startup). */
	static SqlDialect of(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return of(connection.getMetaData().getDatabaseProductName());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot reach the inbox's database: " + ex.getMessage(), ex);
		}
	}

	static SqlDialect of(String productName) {
		String name = productName.toLowerCase(Locale.ROOT);
		if (name.contains("h2")) {
			return H2;
		}
		if (name.contains("postgres")) {
			return POSTGRESQL;
		}
		throw new IllegalStateException("The inbox supports H2 and PostgreSQL, not " + productName);
	}

}
