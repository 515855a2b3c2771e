package io.taobus.handler;

import java.util.List;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Component-scans the packages of {@code taobus.handlers.packages} (see {@link HandlerProperties}),
 * so that a {@code @Component} with {@code @TaoInline}, {@code @TaoAsync} or {@code @TaoIntercept}
 * methods in a handler jar on the service's loader path (say {@code com.acme}) becomes a bean: the
 * service scans only its own package. The service's main class imports it; an application that uses
 * taobus as a library scans its own packages instead. Runs while the configuration classes are read,
 * so a scanned {@code @Configuration} is processed too.
 */
public class HandlerPackagesRegistrar implements ImportBeanDefinitionRegistrar {

	static final String PROPERTY = "taobus.handlers.packages";

	private final Environment environment;

	private final ResourceLoader resourceLoader;

	public HandlerPackagesRegistrar(Environment environment, ResourceLoader resourceLoader) {
		this.environment = environment;
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		List<String> packages = new HandlerProperties(
				Binder.get(this.environment).bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of()))
			.packages();
		if (!packages.isEmpty()) {
			ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner(registry, true,
					this.environment, this.resourceLoader);
			scanner.scan(packages.toArray(String[]::new));
		}
	}

}
