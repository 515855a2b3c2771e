package io.taobus.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.taobus.inbox.Admission;
import com.zaxxer.hikari.HikariDataSource;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxDatabases;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.JdbcInbox;
import io.taobus.inbox.MemoryInbox;
import io.taobus.inbox.NewDelivery;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring of the inbox as a library: a private embedded H2 file when the application has no
 * database, or only one in memory; the application's own database when it is an H2 file or
 * PostgreSQL, beside the application's own Flyway migrations; memory on request; any other database,
 * and bad settings, refused at startup. The inbox migrates its tables with its own history table.
 */
class InboxConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Wiring.class);

	@Test
	void withoutAnApplicationDatabaseTheInboxKeepsAPrivateFileAndNoDataSourceBean() {
		this.runner.withPropertyValues("taobus.inbox.directory=" + this.directory).run((context) -> {
			assertThat(context).hasSingleBean(JdbcInbox.class).doesNotHaveBean(DataSource.class);
			assertThat(accept(context.getBean(Inbox.class))).isInstanceOf(Admission.Accepted.class);
			assertThat(Files.exists(this.directory.resolve("taobus.mv.db"))).isTrue();
			assertThat(tables(context.getBean(InboxStore.class).dataSource())).contains("inbox_delivery",
					"taobus_schema_history");
		});
	}

	@Test
	void anApplicationDatabaseInMemoryIsNotWhereTheInboxKeepsDeliveries() {
		// Boot's default without a URL: an H2 in memory, which a restart would empty
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("taobus.inbox.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class).hasSingleBean(JdbcInbox.class);
				assertThat(accept(context.getBean(Inbox.class))).isInstanceOf(Admission.Accepted.class);
				assertThat(Files.exists(this.directory.resolve("taobus.mv.db"))).isTrue();
				assertThat(tables(context.getBean(DataSource.class))).doesNotContain("inbox_delivery");
			});
	}

	@Test
	void theApplicationsDatabaseIsTheInboxsWhenItIsAFile() {
		String url = "jdbc:h2:file:" + this.directory.resolve("elsewhere") + ";MODE=PostgreSQL";
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + url, "taobus.inbox.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcInbox.class).hasSingleBean(DataSource.class);
				assertThat(accept(context.getBean(Inbox.class))).isInstanceOf(Admission.Accepted.class);
				assertThat(Files.exists(this.directory.resolve("elsewhere.mv.db"))).isTrue();
				assertThat(Files.exists(this.directory.resolve("taobus.mv.db"))).isFalse();
			});
	}

	@Test
	void theApplicationsOwnMigrationsRunFirstAndTheInboxsBesideThemInATableOfItsOwn() {
		String url = "jdbc:h2:file:" + this.directory.resolve("shared") + ";MODE=PostgreSQL";
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + url,
					"spring.flyway.locations=classpath:io/taobus/autoconfigure/host-migrations")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DataSource database = context.getBean(DataSource.class);
				assertThat(tables(database)).contains("host_orders", "inbox_delivery", "taobus_schema_history",
						"flyway_schema_history");
				// the application's history holds its V1 only, the inbox's its own migrations above a baseline
				assertThat(versions(database, "\"flyway_schema_history\"")).containsExactly("1");
				assertThat(versions(database, "\"taobus_schema_history\"")).containsExactly("0", "1", "2", "3", "4", "5");
				assertThat(accept(context.getBean(Inbox.class))).isInstanceOf(Admission.Accepted.class);
			});
	}

	@Test
	void theServicesDatabaseIsNotMigratedAgainUnderItsOldHistoryTable() throws Exception {
		// the service before the inbox ran its own Flyway: Boot's Flyway, the default history table
		try (HikariDataSource old = InboxDatabases.h2(this.directory, Duration.ofSeconds(2))) {
			Flyway.configure().dataSource(old).locations(JdbcInbox.migrations(old)).target("1").load().migrate();
			try (Connection connection = old.getConnection(); Statement statement = connection.createStatement()) {
				statement.executeUpdate("INSERT INTO inbox_delivery (source, delivery_id, status, attempts, term, action,"
						+ " orient, headers, body, received_at, completed_at) VALUES ('github', 'kept', 'completed', 1, 't', 'a',"
						+ " 'o', '', X'7B7D', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
			}
		}
		this.runner.withPropertyValues("taobus.inbox.directory=" + this.directory,
				"taobus.inbox.schema-history-table=flyway_schema_history")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DataSource database = context.getBean(InboxStore.class).dataSource();
				assertThat(tables(database)).doesNotContain("taobus_schema_history");
				// V1 is not run again; the later ones, newer than that database, are recorded beside it
				assertThat(versions(database, "\"flyway_schema_history\"")).containsExactly("1", "2", "3", "4", "5");
				assertThat(context.getBean(Inbox.class).find("github", "kept", false)).isPresent();
			});
	}

	@Test
	void aDatabaseTheInboxDoesNotSupportStopsTheStartupWithItsName() {
		this.runner.withBean(DataSource.class, () -> reportingProduct(InboxDatabases.h2(this.directory, Duration.ofSeconds(2)),
				"MySQL"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("The inbox supports H2 and PostgreSQL, not MySQL");
			});
	}

	@Test
	void memoryKeepsNoDatabaseOfItsOwn() {
		this.runner.withPropertyValues("taobus.inbox.type=memory", "taobus.inbox.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasSingleBean(MemoryInbox.class).doesNotHaveBean(DataSource.class);
				assertThat(Files.exists(this.directory.resolve("taobus.mv.db"))).isFalse();
			});
	}

	@Test
	void anApplicationsOwnInboxReplacesTaobusOne() {
		InboxSettings settings = new InboxSettings("own", Duration.ofSeconds(30), 5, Duration.ofDays(7), Duration.ofDays(7),
				Duration.ofDays(30), 64, Duration.ZERO, 100, Duration.ofSeconds(5));
		MemoryInbox own = new MemoryInbox(settings, Clock.systemUTC(), InboxListener.NONE, 100);
		this.runner.withBean(Inbox.class, () -> own).withPropertyValues("taobus.inbox.directory=" + this.directory)
			.run((context) -> {
				assertThat(context.getBean(Inbox.class)).isSameAs(own);
				assertThat(context).doesNotHaveBean(InboxStore.class);
				assertThat(Files.exists(this.directory.resolve("taobus.mv.db"))).isFalse();
			});
	}

	@Test
	void badSettingsAreRefusedAtStartup() {
		this.runner.withPropertyValues("taobus.inbox.type=memory", "taobus.inbox.max-attempts=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("taobus.inbox: maxAttempts");
		});
	}

	@Test
	void badRetriesOfFailedDeliveriesAreRefusedAtStartupNamingTheProperty() {
		for (String bad : java.util.List.of("taobus.inbox.retries=-1", "taobus.inbox.retry-backoff=0s")) {
			this.runner.withPropertyValues("taobus.inbox.type=memory", bad).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("taobus.inbox: retries must not be negative "
						+ "and retry-backoff must be positive");
			});
		}
	}

	@Test
	void theRetriesOfFailedDeliveriesDefaultToEightRunsOverAboutAnHourAndAreBound() {
		this.runner.withPropertyValues("taobus.inbox.type=memory").run((context) -> assertThat(
				context.getBean(InboxProperties.class).settings().retries())
			.isEqualTo(new io.taobus.tao.AsyncRetries(7, java.time.Duration.ofSeconds(30))));
		this.runner.withPropertyValues("taobus.inbox.type=memory", "taobus.inbox.retries=0", "taobus.inbox.retry-backoff=1m")
			.run((context) -> assertThat(context.getBean(InboxProperties.class).settings().retries())
				.isEqualTo(new io.taobus.tao.AsyncRetries(0, java.time.Duration.ofMinutes(1))));
	}

	@Test
	void theNodeIdIsResolvedOnceCappedAndUniquePerProcess() {
		String longPrefix = "n".repeat(300);
		this.runner.withPropertyValues("taobus.inbox.type=memory", "taobus.inbox.node-id=" + longPrefix).run((context) -> {
			InboxProperties properties = context.getBean(InboxProperties.class);
			String node = properties.settings().nodeId();
			assertThat(properties.settings().nodeId()).as("stable across calls").isEqualTo(node);
			assertThat(properties.nodeId()).isEqualTo(node);
			assertThat(node).hasSizeLessThanOrEqualTo(InboxSettings.MAX_NODE_ID).startsWith("n".repeat(60) + "-");
		});
		String[] restarted = new String[2];
		for (int i = 0; i < 2; i++) {
			int run = i;
			this.runner.withPropertyValues("taobus.inbox.type=memory", "taobus.inbox.node-id=web")
				.run((context) -> restarted[run] = context.getBean(InboxProperties.class).settings().nodeId());
		}
		assertThat(restarted[0]).startsWith("web-").isNotEqualTo(restarted[1]);
		assertThat(restarted[1]).startsWith("web-");
	}

	/** A data source whose database says it is another product. */
	private static DataSource reportingProduct(DataSource real, String product) {
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
				(self, method, args) -> method.getName().equals("getConnection")
						? connection((Connection) method.invoke(real, args), product) : method.invoke(real, args));
	}

	private static Connection connection(Connection real, String product) {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
				(self, method, args) -> method.getName().equals("getMetaData") ? metadata(real.getMetaData(), product)
						: method.invoke(real, args));
	}

	private static DatabaseMetaData metadata(DatabaseMetaData real, String product) {
		return (DatabaseMetaData) Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
				new Class<?>[] { DatabaseMetaData.class },
				(self, method, args) -> method.getName().equals("getDatabaseProductName") ? product : method.invoke(real, args));
	}

	private static Admission accept(Inbox inbox) {
		return inbox.accept(delivery()).toCompletableFuture().join();
	}

	private static List<String> tables(DataSource database) throws Exception {
		List<String> names = new ArrayList<>();
		try (Connection connection = database.getConnection();
				ResultSet rows = connection.getMetaData().getTables(null, "PUBLIC", "%", new String[] { "TABLE", "BASE TABLE" })) {
			while (rows.next()) {
				names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
			}
		}
		return names;
	}

	private static List<String> versions(DataSource database, String table) throws Exception {
		List<String> versions = new ArrayList<>();
		try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT \"version\" FROM " + table + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
			while (rows.next()) {
				versions.add(rows.getString(1));
			}
		}
		return versions;
	}

	private static NewDelivery delivery() {
		return new NewDelivery("github", "wired", "push", "received", "github", "application/json", Map.of(),
				"{}".getBytes(StandardCharsets.UTF_8), Instant.now());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(InboxProperties.class)
	@Import(InboxConfiguration.class)
	static class Wiring {

	}

}
