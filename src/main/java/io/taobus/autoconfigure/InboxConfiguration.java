package io.taobus.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxDatabases;
import io.taobus.inbox.InboxListener;
import io.taobus.inbox.JdbcInbox;
import io.taobus.inbox.MemoryInbox;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Builds the one {@link Inbox} from {@link InboxProperties}: a {@link JdbcInbox} on PostgreSQL when
 * {@code spring.datasource.url} is set (Boot's pool), else on the embedded H2 file under
 * {@code taobus.inbox.directory} (the pool defined here, so that Boot's in-memory default never takes
 * its place); or a {@link MemoryInbox} when {@code taobus.inbox.type=memory}. Flyway migrates the
 * database first ({@code spring.flyway.locations: classpath:io/taobus/inbox/db/{vendor}}).
 */
@Configuration(proxyBeanMethods = false)
class InboxConfiguration {

	@Bean(destroyMethod = "close")
	@Conditional(EmbeddedDatabase.class)
	HikariDataSource inboxDataSource(InboxProperties properties) {
		return InboxDatabases.h2(properties.directory(), properties.connectionTimeout());
	}

	@Bean(destroyMethod = "close")
	@DependsOnDatabaseInitialization
	Inbox inbox(InboxProperties properties, ObjectProvider<DataSource> dataSource,
			ObjectProvider<InboxListener> listener) {
		InboxListener inboxListener = listener.getIfAvailable(() -> InboxListener.NONE);
		if (properties.type() == InboxProperties.Type.MEMORY) {
			return new MemoryInbox(properties.settings(), Clock.systemUTC(), inboxListener, properties.memoryMaxEntries());
		}
		return new JdbcInbox(dataSource.getObject(), properties.settings(), Clock.systemUTC(), inboxListener);
	}

	/** The embedded database is used when the inbox is durable and no database URL is configured. */
	static final class EmbeddedDatabase implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			String type = context.getEnvironment().getProperty("taobus.inbox.type", "jdbc");
			return (url == null || url.isBlank()) && !"memory".equalsIgnoreCase(type);
		}

	}

}
