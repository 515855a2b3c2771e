package io.taobus.handler;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds a user's handler jar the way a user would, outside taobus's build: compiles
 * {@code com.acme.ShippingHandlers} with the system Java compiler against the application's classes
 * (the test's class path) and packages it with a {@link JarOutputStream}. Its inline handler logs
 * {@link #LOG_LINE} followed by the {@code ref} of the GitHub push it receives. Used by the packaged
 * jar's test and the image's test.
 */
public final class HandlerJar {

	/** What the handler logs, followed by the push's ref. */
	public static final String LOG_LINE = "com.acme shipping handler ran for ref ";

	static final String SOURCE = """
			package com.acme;

			import io.taobus.handler.TaoInline;
			import io.taobus.tao.AppCon;
			import java.util.Map;
			import org.slf4j.Logger;
			import org.slf4j.LoggerFactory;
			import org.springframework.stereotype.Component;

			@Component
			public class ShippingHandlers {

				private static final Logger logger = LoggerFactory.getLogger(ShippingHandlers.class);

				@TaoInline(term = "push")
				public void shipped(AppCon appCon) {
					Map<?, ?> push = (Map<?, ?>) appCon.termData();
					logger.info("%s" + push.get("ref"));
				}

			}
			""".formatted(LOG_LINE);

	private HandlerJar() {
	}

	/** Compiles the handler in {@code work} and writes {@code extensions/acme-handlers.jar}; returns the jar. */
	public static Path build(Path work, Path extensions) throws IOException {
		Path sources = Files.createDirectories(work.resolve("src/com/acme"));
		Path classes = Files.createDirectories(work.resolve("classes"));
		Path source = Files.writeString(sources.resolve("ShippingHandlers.java"), SOURCE);
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertThat(javac).as("a JDK's compiler").isNotNull();
		int status = javac.run(null, null, null, "-d", classes.toString(), "-classpath",
				System.getProperty("java.class.path"), source.toString());
		assertThat(status).as("javac of the handler").isZero();
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		Path jar = Files.createDirectories(extensions).resolve("acme-handlers.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
				Stream<Path> files = Files.walk(classes)) {
			// directory entries too: Spring's classpath scanning finds a package's jar through them
			for (Path file : files.filter((path) -> !path.equals(classes)).sorted().toList()) {
				String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
				boolean directory = Files.isDirectory(file);
				out.putNextEntry(new JarEntry(directory ? name + "/" : name));
				if (!directory) {
					Files.copy(file, out);
				}
				out.closeEntry();
			}
		}
		return jar;
	}

}
