package io.taobus.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most one log line per key and interval, counting the lines it drops so that the next line let
 * through can say how many were suppressed. Keys are registrations and fixed names, a bounded set; the
 * clock is a nano-time source, so that tests drive it.
 */
final class LogLimiter {

	/** Returned by {@link #permit} for a line to drop. */
	static final long DROP = -1;

	private final LongSupplier nanoClock;

	private final long intervalNanos;

	private final Map<Object, Window> windows = new ConcurrentHashMap<>();

	LogLimiter(LongSupplier nanoClock, Duration interval) {
		this.nanoClock = nanoClock;
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Whether a line for the key may be logged now.
	 * @return {@link #DROP}, or the number of lines dropped for the key since the last one let through
	 */
	long permit(Object key) {
		Window window = this.windows.computeIfAbsent(key, (k) -> new Window());
		long now = this.nanoClock.getAsLong();
		synchronized (window) {
			if (window.used && now - window.last < this.intervalNanos) {
				window.suppressed++;
				return DROP;
			}
			long suppressed = window.suppressed;
			window.used = true;
			window.last = now;
			window.suppressed = 0;
			return suppressed;
		}
	}

	private static final class Window {

		boolean used;

		long last;

		long suppressed;

	}

}
