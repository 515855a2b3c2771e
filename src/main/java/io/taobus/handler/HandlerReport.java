package io.taobus.handler;

import java.util.Collection;
import java.util.List;

import io.taobus.tao.HandlerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup report of the handlers: one INFO block listing every registration (kind, pattern,
 * {@code Bean#method}), so that a handler that was never picked up is seen at once, and a WARN for
 * each package of {@code taobus.handlers.packages} in which no handler was found (a typo, or a jar
 * missing from the extensions directory).
 */
final class HandlerReport {

	private static final Logger logger = LoggerFactory.getLogger(HandlerReport.class);

	private HandlerReport() {
	}

	static void log(List<HandlerInfo> registrations, List<String> packages, Collection<Class<?>> handlerClasses) {
		logger.info(block(registrations));
		for (String pkg : packages) {
			if (handlerClasses.stream().noneMatch((type) -> type.getName().startsWith(pkg + "."))) {
				logger.warn("No TAO handler found in package {} of taobus.handlers.packages: is the package name right,"
						+ " and is its jar on the classpath (loader.path, /extensions in the image)?", pkg);
			}
		}
	}

	static String block(List<HandlerInfo> registrations) {
		int width = registrations.stream().mapToInt((info) -> info.pattern().toString().length()).max().orElse(0);
		String line = "%n  %-9s %-" + width + "s  %s";
		StringBuilder text = new StringBuilder("TAO handlers registered: ").append(registrations.size());
		for (HandlerInfo info : registrations) {
			text.append(line.formatted(info.kind().tag(), info.pattern(), info.name()));
		}
		return text.toString();
	}

}
