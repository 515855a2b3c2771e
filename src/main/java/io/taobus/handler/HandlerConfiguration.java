package io.taobus.handler;

import io.taobus.tao.Kernel;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the annotated handler methods of the application's beans on the kernel. */
@Configuration(proxyBeanMethods = false)
class HandlerConfiguration {

	@Bean
	TaoHandlerRegistrar taoHandlerRegistrar(ListableBeanFactory beans, Kernel kernel) {
		return new TaoHandlerRegistrar(beans, kernel);
	}

}
