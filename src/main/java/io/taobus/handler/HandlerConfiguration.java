package io.taobus.handler;

import io.taobus.tao.Kernel;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Registers the annotated handler methods of the application's beans on the kernel, the beans of
 * the user's own packages ({@code taobus.handlers.packages}) included.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HandlerProperties.class)
@Import(HandlerPackagesRegistrar.class)
class HandlerConfiguration {

	@Bean
	TaoHandlerRegistrar taoHandlerRegistrar(ListableBeanFactory beans, Kernel kernel, HandlerProperties properties) {
		return new TaoHandlerRegistrar(beans, kernel, properties.packages());
	}

}
