package io.taobus.webhook;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** RFC 6901 JSON Pointer over a body parsed into maps and lists, yielding scalar values as text. */
final class JsonPointer {

	private JsonPointer() {
	}

	static @Nullable String text(@Nullable Object document, String pointer) {
		Object node = document;
		if (!pointer.isEmpty()) {
			for (String raw : pointer.substring(1).split("/", -1)) {
				String token = raw.replace("~1", "/").replace("~0", "~");
				node = step(node, token);
				if (node == null) {
					return null;
				}
			}
		}
		return (node instanceof String || node instanceof Number || node instanceof Boolean) ? node.toString() : null;
	}

	private static @Nullable Object step(@Nullable Object node, String token) {
		if (node instanceof Map<?, ?> map) {
			return map.get(token);
		}
		if (node instanceof List<?> list && token.matches("0|[1-9][0-9]{0,8}")) {
			int index = Integer.parseInt(token);
			return (index < list.size()) ? list.get(index) : null;
		}
		return null;
	}

}
