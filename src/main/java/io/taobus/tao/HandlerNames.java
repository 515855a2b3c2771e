package io.taobus.tao;

/**
 * Derives a readable name for a handler registered without one: its {@code toString()} when the
 * class overrides it, else its class's simple name, with the synthetic suffix of a lambda cut off
 * ({@code Portal$$Lambda/0x1234} becomes {@code Portal$$Lambda}).
 */
final class HandlerNames {

	private HandlerNames() {
	}

	static String of(Object handler) {
		Class<?> type = handler.getClass();
		try {
			if (type.getMethod("toString").getDeclaringClass() != Object.class) {
				return handler.toString();
			}
		}
		catch (NoSuchMethodException ex) {
			// every class has toString
		}
		String name = type.getName();
		int lambda = name.indexOf("$$Lambda");
		if (lambda >= 0) {
			name = name.substring(0, lambda + "$$Lambda".length());
		}
		return name.substring(name.lastIndexOf('.') + 1);
	}

}
