package io.taobus.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxDatabases;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.InboxMigrations;
import io.taobus.inbox.JdbcInbox;
import io.taobus.inbox.MemoryInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;

/**
 * Builds the one {@link Inbox} from {@link InboxProperties}: a {@link MemoryInbox} when
 * {@code taobus.inbox.type=memory}; else a {@link JdbcInbox} on the application's {@link DataSource}
 * when it is PostgreSQL or an H2 file, or on a private embedded H2 file under
 * {@code taobus.inbox.directory} when the application has no database, or only one in memory (Boot's
 * default without a URL), which a restart would empty. The private pool is never a {@code DataSource}
 * bean, so it takes no application's place. Any other database stops the startup with its name. The
 * inbox migrates its tables itself ({@link InboxMigrations}), after the application's own database
 * initialization (its Flyway or Liquibase) has run.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(InboxProperties.class)
class InboxConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(InboxConfiguration.class);

	/** The inbox's database: the application's, or a private embedded one this bean closes. */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(Inbox.class)
	InboxStore inboxStore(InboxProperties properties, ObjectProvider<DataSource> dataSource) {
		if (properties.type() == InboxProperties.Type.MEMORY) {
			return InboxStore.NONE;
		}
		DataSource application = dataSource.getIfUnique();
		if (application != null && InboxDatabases.durable(application)) {
			return new InboxStore(application, false);
		}
		logger.info("The inbox keeps its deliveries in its own H2 file under {}{}", properties.directory().toAbsolutePath(),
				(application != null) ? " (the application's database is in memory only)" : "");
		return new InboxStore(InboxDatabases.h2(properties.directory(), properties.connectionTimeout()), true);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	Inbox inbox(InboxProperties properties, InboxStore store, ObjectProvider<InboxListener> listener) {
		InboxListener inboxListener = InboxListener.all(listener.orderedStream().toList());
		if (properties.type() == InboxProperties.Type.MEMORY) {
			return new MemoryInbox(properties.settings(), Clock.systemUTC(), inboxListener, properties.memoryMaxEntries());
		}
		DataSource database = store.dataSource();
		if (properties.initializeSchema()) {
			InboxMigrations.migrate(database, properties.schemaHistoryTable());
		}
		return new JdbcInbox(database, properties.settings(), Clock.systemUTC(), inboxListener);
	}

}
