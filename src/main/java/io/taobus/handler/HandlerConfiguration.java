package io.taobus.handler;

import io.taobus.tao.Kernel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the annotated handler methods of the application's beans on the kernel, the beans of
 * the user's own packages ({@code taobus.handlers.packages}) included.
 */
@AutoConfiguration(afterName = "io.taobus.autoconfigure.KernelConfiguration")
@EnableConfigurationProperties(HandlerProperties.class)
class HandlerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaoHandlerRegistrar taoHandlerRegistrar(ListableBeanFactory beans, Kernel kernel, HandlerProperties properties,
			ObjectProvider<JsonMapper> mapper) {
		return new TaoHandlerRegistrar(beans, kernel, properties.packages(), properties.retryDefaults(),
				mapper.getIfAvailable(JsonMapper::new));
	}

}
