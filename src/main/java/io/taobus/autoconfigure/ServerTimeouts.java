package io.taobus.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Bounds how long a client may take to send a request, against slow-body attacks (slowloris): a
 * connection that sends nothing of its body for {@code taobus.server.read-timeout}, or has not sent
 * the whole request after {@code taobus.server.request-timeout}, is closed and its buffers released.
 * A connection idle between requests is closed after {@code server.netty.idle-timeout}. Webhook
 * senders post small bodies at once, so the defaults are generous for them and short for an attacker
 * holding connections open.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ServerTimeouts {

	@Bean
	NettyServerCustomizer taobusServerTimeouts(@Value("${taobus.server.read-timeout:10s}") Duration readTimeout,
			@Value("${taobus.server.request-timeout:30s}") Duration requestTimeout) {
		return (server) -> server.readTimeout(readTimeout).requestTimeout(requestTimeout);
	}

}
