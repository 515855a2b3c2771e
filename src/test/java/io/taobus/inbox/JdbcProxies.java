package io.taobus.inbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.jspecify.annotations.Nullable;

/**
 * Dynamic proxies over JDBC interfaces, for tests that make one statement of a real database misbehave
 * (fail, or answer as another driver would) and leave every other call to it.
 */
final class JdbcProxies {

	private JdbcProxies() {
	}

	/**
	 * A proxy whose calls go to the target; {@code around} sees each call first and may answer it
	 * itself (a non-null result), throw, or let it through (null), with the target's result then given
	 * to {@code after}.
	 */
	@SuppressWarnings("unchecked")
	static <T> T proxy(Class<T> type, T target, Around around, After after) {
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
			Object answer = around.call(method, args);
			if (answer != null) {
				return answer;
			}
			Object result;
			try {
				result = method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			return after.map(method, args, result);
		});
	}

	/** Sees a call before the target does. */
	interface Around {

		Around NONE = (method, args) -> null;

		@Nullable Object call(Method method, Object @Nullable [] args) throws Exception;

	}

	/** Sees the target's result. */
	interface After {

		After NONE = (method, args, result) -> result;

		@Nullable Object map(Method method, Object @Nullable [] args, @Nullable Object result) throws Exception;

	}

}
