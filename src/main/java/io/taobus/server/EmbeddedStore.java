package io.taobus.server;

import com.zaxxer.hikari.HikariDataSource;
import io.taobus.autoconfigure.InboxProperties;
import io.taobus.inbox.InboxDatabases;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The service's database when {@code spring.datasource.url} names none: the inbox's embedded H2 file
 * under {@code taobus.inbox.directory}, as the application's {@code DataSource}, so that Boot's pool
 * metrics and {@code db} health cover it and Boot's in-memory default never takes its place. A library
 * user's application without a database gets the same file as a private pool of the inbox instead.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedStore {

	@Bean(destroyMethod = "close")
	@Conditional(NoDatabaseUrl.class)
	HikariDataSource inboxDataSource(InboxProperties properties) {
		return InboxDatabases.h2(properties.directory(), properties.connectionTimeout());
	}

	/** The embedded database is the service's when the inbox is durable and no database URL is configured. */
	static final class NoDatabaseUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			String type = context.getEnvironment().getProperty("taobus.inbox.type", "jdbc");
			return (url == null || url.isBlank()) && !"memory".equalsIgnoreCase(type);
		}

	}

}
