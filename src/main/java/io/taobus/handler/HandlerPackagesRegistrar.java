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
 * methods in the user's own package (say {@code com.acme}) becomes a bean like one under
 * {@code io.taobus}: {@code @SpringBootApplication} scans only taobus's own package. Runs while the
 * configuration classes are read, so a scanned {@code @Configuration} is processed too.
 */
class HandlerPackagesRegistrar implements ImportBeanDefinitionRegistrar {

	static final String PROPERTY = "taobus.handlers.packages";

	private final Environment environment;

	private final ResourceLoader resourceLoader;

	HandlerPackagesRegistrar(Environment environment, ResourceLoader resourceLoader) {
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
