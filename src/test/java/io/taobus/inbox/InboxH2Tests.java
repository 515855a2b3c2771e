package io.taobus.inbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on the embedded default: an H2 file database in a fresh directory per test, with the
 * production URL. The database goes down the way a file database does: it is shut down and its file
 * locked, as by another process, so every connection fails until the lock is released.
 */
class InboxH2Tests extends InboxContractTests {

	@TempDir
	Path directory;

	private final List<HikariDataSource> pools = new ArrayList<>();

	private @Nullable FileChannel lockedFile;

	private @Nullable FileLock lock;

	@BeforeEach
	void migrate() {
		HikariDataSource pool = pool();
		Flyway.configure().dataSource(pool).locations(JdbcInbox.migrations(pool)).load().migrate();
	}

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Override
	Inbox newNode(InboxSettings settings, Clock clock, InboxListener listener) {
		return new JdbcInbox(pool(), settings, clock, listener);
	}

	private HikariDataSource pool() {
		HikariDataSource pool = InboxDatabases.h2(this.directory, Duration.ofSeconds(1));
		this.pools.add(pool);
		return pool;
	}

	@Override
	void sql(String statement) throws SQLException {
		try (Connection connection = this.pools.getFirst().getConnection();
				Statement executing = connection.createStatement()) {
			executing.execute(statement);
		}
	}

	@Test
	void closingThePoolClosesTheDatabaseWhichNoShutdownHookClosesEarly() throws Exception {
		assertThat(InboxDatabases.h2Url(this.directory)).contains(";DB_CLOSE_ON_EXIT=FALSE");
		Inbox inbox = node(InboxSettings.defaults());
		accepted(inbox, delivery("before-close"));
		inbox.close();
		try (FileChannel file = FileChannel.open(this.directory.resolve("taobus.mv.db"), StandardOpenOption.WRITE)) {
			assertThatThrownBy(file::tryLock).as("the database is open while a pool is")
				.isInstanceOf(OverlappingFileLockException.class);
		}
		this.pools.forEach(HikariDataSource::close);
		try (FileChannel file = FileChannel.open(this.directory.resolve("taobus.mv.db"), StandardOpenOption.WRITE);
				FileLock locked = file.tryLock()) {
			assertThat(locked).as("the closed pools closed the database and released its file").isNotNull();
		}
		try (HikariDataSource reopened = InboxDatabases.h2(this.directory, Duration.ofSeconds(1))) {
			JdbcInbox again = new JdbcInbox(reopened, InboxSettings.defaults(), this.clock, InboxListener.NONE);
			assertThat(again.find("github", "before-close", false)).isPresent();
			again.close();
		}
	}

	@Override
	void databaseDown() throws SQLException, IOException {
		try (Connection connection = this.pools.getFirst().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SHUTDOWN");
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() != 90121) {
				throw ex;
			}
			// "Database is already closed": the pool's cleanup of the connection SHUTDOWN closed
		}
		this.lockedFile = FileChannel.open(this.directory.resolve("taobus.mv.db"), StandardOpenOption.WRITE);
		this.lock = this.lockedFile.lock();
	}

	@Override
	void databaseUp() throws IOException {
		if (this.lock != null) {
			this.lock.release();
			this.lockedFile.close();
		}
	}

}
