package io.taobus.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.springframework.util.FileSystemUtils;

/**
 * A real embedded store for the tests of other packages: the H2 file database of the service, migrated,
 * in a directory of its own that {@link #close()} removes.
 */
public final class H2Inbox implements AutoCloseable {

	private final Path directory;

	private final HikariDataSource pool;

	private final JdbcInbox inbox;

	public H2Inbox(InboxSettings settings, Clock clock) {
		try {
			this.directory = Files.createTempDirectory("taobus-h2-inbox");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(1));
		Flyway.configure().dataSource(this.pool).locations(JdbcInbox.migrations(this.pool)).load().migrate();
		this.inbox = new JdbcInbox(this.pool, settings, clock, InboxListener.NONE);
	}

	public Inbox inbox() {
		return this.inbox;
	}

	/** The migrated database, for another inbox on it (a restarted node, a second one). */
	public javax.sql.DataSource dataSource() {
		return this.pool;
	}

	@Override
	public void close() {
		this.inbox.close();
		this.pool.close();
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

}
