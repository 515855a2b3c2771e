package io.taobus.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import io.taobus.inbox.Admission;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.JdbcInbox;
import io.taobus.inbox.MemoryInbox;
import io.taobus.inbox.NewDelivery;
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
 * The wiring of the inbox: the embedded H2 file by default, migrated by Flyway before the inbox starts;
 * PostgreSQL's pool when a URL is set; memory on request; bad settings refused at startup.
 */
class InboxConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
		.withUserConfiguration(Wiring.class)
		.withPropertyValues("spring.flyway.locations=classpath:io/taobus/inbox/db/{vendor}");

	@Test
	void theDefaultIsTheEmbeddedFileDatabaseMigratedBeforeTheInboxStarts() {
		this.runner.withPropertyValues("taobus.inbox.directory=" + this.directory).run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class).hasSingleBean(JdbcInbox.class);
			Inbox inbox = context.getBean(Inbox.class);
			Admission admission = inbox.accept(delivery()).toCompletableFuture().join();
			assertThat(admission).isInstanceOf(Admission.Accepted.class);
			assertThat(Files.exists(this.directory.resolve("taobus.mv.db"))).isTrue();
		});
	}

	@Test
	void memoryKeepsNoDatabaseOfItsOwn() {
		this.runner.withPropertyValues("taobus.inbox.type=memory", "taobus.inbox.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasSingleBean(MemoryInbox.class);
				assertThat(context.getBeanNamesForType(com.zaxxer.hikari.HikariDataSource.class))
					.doesNotContain("inboxDataSource");
				assertThat(Files.exists(this.directory.resolve("taobus.mv.db"))).isFalse();
			});
	}

	@Test
	void aDatasourceUrlReplacesTheEmbeddedDatabase() {
		String url = "jdbc:h2:file:" + this.directory.resolve("elsewhere") + ";MODE=PostgreSQL";
		this.runner.withPropertyValues("spring.datasource.url=" + url, "taobus.inbox.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcInbox.class).doesNotHaveBean("inboxDataSource");
				assertThat(context.getBean(Inbox.class).accept(delivery()).toCompletableFuture().join())
					.isInstanceOf(Admission.Accepted.class);
				assertThat(Files.exists(this.directory.resolve("elsewhere.mv.db"))).isTrue();
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
