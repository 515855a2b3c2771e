package io.taobus.handler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.util.ClassUtils;

/**
 * Names, at startup, the handler classes on the service's loader path that no scan reaches. A handler
 * jar in the extensions directory ({@code loader.path}, {@code LOADER_PATH}, which Spring Boot's
 * launcher puts on the class path) whose package is neither under the application's nor among
 * {@code taobus.handlers.packages} is never a bean, and startup only said "TAO handlers registered: 0":
 * now one WARN per such package lists its classes, their jar, and the setting to add. The class files
 * of the loader path's jars and directories (a directory's jars too, as the launcher reads it) are read
 * as bytes with ASM: nothing is loaded; a class that never names a taobus handler annotation is skipped
 * without parsing. A missing entry is a WARN too; an unreadable jar is skipped.
 */
final class LoaderPathHandlers {

	private static final Logger logger = LoggerFactory.getLogger(LoaderPathHandlers.class);

	private static final List<String> ANNOTATIONS = List.of(TaoInline.class.getName(), TaoAsync.class.getName(),
			TaoIntercept.class.getName());

	/** What a class file that uses a handler annotation holds in its constant pool. */
	private static final String MARKER = "L" + ClassUtils.convertClassNameToResourcePath(TaoInline.class.getPackageName())
			+ "/Tao";

	private final SimpleMetadataReaderFactory readers = new SimpleMetadataReaderFactory();

	private LoaderPathHandlers() {
	}

	/**
	 * WARNs of the handler classes on the loader path whose package no scan reaches.
	 * @param loaderPath the {@code loader.path}, comma-separated, relative entries against {@code home}
	 * @param scanned the packages scanned for beans: {@code taobus.handlers.packages} and the application's
	 * @param configured {@code taobus.handlers.packages} as configured, for the suggested setting
	 */
	static void warnUnscanned(String loaderPath, Path home, List<String> scanned, List<String> configured) {
		Map<String, List<String>> unscanned = new TreeMap<>();
		new LoaderPathHandlers().find(loaderPath, home).forEach((type, origin) -> {
			String pkg = ClassUtils.getPackageName(type);
			if (scanned.stream().noneMatch((p) -> pkg.equals(p) || pkg.startsWith(p + "."))) {
				unscanned.computeIfAbsent(pkg, (key) -> new ArrayList<>()).add(type + " (" + origin + ")");
			}
		});
		unscanned.forEach((pkg, types) -> {
			List<String> suggested = Stream.concat(configured.stream(), Stream.of(pkg)).toList();
			logger.warn("TAO handler classes on the loader path are in package {}, which taobus does not scan, so their"
					+ " handlers are not registered: {}. Add the package to taobus.handlers.packages"
					+ " (TAOBUS_HANDLERS_PACKAGES={})", pkg, String.join(", ", types), String.join(",", suggested));
		});
	}

	/** The handler classes of the loader path's entries, each with the jar or directory it is in. */
	Map<String, Path> find(String loaderPath, Path home) {
		Map<String, Path> found = new LinkedHashMap<>();
		for (String entry : loaderPath.split(",")) {
			if (entry.isBlank() || entry.contains("!")) {
				continue;  // nested archives are the launcher's own business
			}
			Path path = home.resolve(entry.strip()).normalize();
			if (Files.isDirectory(path)) {
				classesIn(path, found);
				try (Stream<Path> files = Files.list(path)) {
					files.filter(LoaderPathHandlers::isArchive).sorted().forEach((jar) -> classesIn(jar, found));
				}
				catch (IOException ex) {
					logger.debug("Cannot list {} of loader.path", path, ex);
				}
			}
			else if (isArchive(path)) {
				classesIn(path, found);
			}
			else if (!Files.exists(path)) {
				logger.warn("{} of loader.path does not exist: no handler jar is read from it", path);
			}
		}
		return found;
	}

	private void classesIn(Path origin, Map<String, Path> found) {
		if (Files.isDirectory(origin)) {
			try (Stream<Path> files = Files.walk(origin)) {
				for (Path file : files.filter((f) -> f.toString().endsWith(ClassUtils.CLASS_FILE_SUFFIX)).toList()) {
					read(Files.readAllBytes(file), origin, found);
				}
			}
			catch (IOException ex) {
				logger.debug("Cannot read the classes of {} of loader.path", origin, ex);
			}
			return;
		}
		try (ZipFile jar = new ZipFile(origin.toFile())) {
			for (ZipEntry entry : jar.stream().filter((e) -> e.getName().endsWith(ClassUtils.CLASS_FILE_SUFFIX)).toList()) {
				try (InputStream in = jar.getInputStream(entry)) {
					read(in.readAllBytes(), origin, found);
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Cannot read {} of loader.path", origin, ex);
		}
	}

	private void read(byte[] bytes, Path origin, Map<String, Path> found) throws IOException {
		// a class file's names are modified UTF-8: ASCII ones are their bytes
		if (!new String(bytes, StandardCharsets.ISO_8859_1).contains(MARKER)) {
			return;
		}
		AnnotationMetadata type = this.readers.getMetadataReader(new ByteArrayResource(bytes)).getAnnotationMetadata();
		if (ANNOTATIONS.stream().anyMatch(type::hasAnnotatedMethods)) {
			found.putIfAbsent(type.getClassName(), origin);
		}
	}

	private static boolean isArchive(Path path) {
		String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
		return Files.isRegularFile(path) && (name.endsWith(".jar") || name.endsWith(".zip"));
	}

}
