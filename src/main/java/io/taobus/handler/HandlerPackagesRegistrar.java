package io.taobus.handler;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Component-scans the packages of {@code taobus.handlers.packages} (see {@link HandlerProperties}),
 * so that a {@code @Component} with {@code @TaoInline}, {@code @TaoAsync} or {@code @TaoIntercept}
 * methods in a handler jar on the service's loader path (say {@code com.acme}) becomes a bean: the
 * service scans only its own package. The service's main class imports it; an application that uses
 * taobus as a library scans its own packages instead. Runs while the configuration classes are read,
 * so a scanned {@code @Configuration} is processed too. A handler class on the loader path that neither
 * scan reaches is named in a WARN ({@link LoaderPathHandlers}).
 */
public class HandlerPackagesRegistrar implements ImportBeanDefinitionRegistrar {

	static final String PROPERTY = "taobus.handlers.packages";

	/** Where Spring Boot's launcher finds the extensions: jars and directories, comma-separated. */
	static final String LOADER_PATH = "loader.path";

	private final Environment environment;

	private final ResourceLoader resourceLoader;

	public HandlerPackagesRegistrar(Environment environment, ResourceLoader resourceLoader) {
		this.environment = environment;
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		List<String> packages = new HandlerProperties(
				Binder.get(this.environment).bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of()), null, null)
			.packages();
		if (!packages.isEmpty()) {
			ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner(registry, true,
					this.environment, this.resourceLoader);
			scanner.scan(packages.toArray(String[]::new));
		}
		String loaderPath = this.environment.getProperty(LOADER_PATH);  // also LOADER_PATH, by relaxed binding
		if (loaderPath != null && !loaderPath.isBlank()) {
			List<String> scanned = Stream.concat(packages.stream(), Stream.of(ClassUtils.getPackageName(metadata.getClassName())))
				.toList();
			Path home = Path.of(this.environment.getProperty("loader.home", System.getProperty("user.dir")));
			LoaderPathHandlers.warnUnscanned(loaderPath, home, scanned, packages);
		}
	}

}
