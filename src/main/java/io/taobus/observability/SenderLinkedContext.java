package io.taobus.observability;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of a delivery from a sender whose trace context is not trusted: the
 * delivery's span starts a trace of its own, and the sender's W3C {@code traceparent}, when well
 * formed, is kept only to become a span link ({@link DeliveryLinkHandler}). So a sender can neither
 * choose taobus's trace ids nor force its sampling.
 */
final class SenderLinkedContext extends Observation.Context {

	static final String TRACEPARENT = "traceparent";

	// version-traceid-parentid-flags; version ff is invalid, all-zero ids are invalid
	private static final Pattern W3C = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

	private final @Nullable Remote remote;

	SenderLinkedContext(@Nullable String traceparent) {
		this.remote = parse(traceparent);
	}

	/** The sender's trace context, or {@code null} when it sent none or an invalid one. */
	@Nullable Remote remote() {
		return this.remote;
	}

	static @Nullable Remote parse(@Nullable String traceparent) {
		if (traceparent == null || traceparent.length() > 512) {
			return null;
		}
		Matcher matcher = W3C.matcher(traceparent.trim());
		if (!matcher.matches() || matcher.group(1).equals("ff") || (matcher.group(1).equals("00") && matcher.group(5) != null)
				|| matcher.group(2).chars().allMatch((c) -> c == '0') || matcher.group(3).chars().allMatch((c) -> c == '0')) {
			return null;
		}
		return new Remote(matcher.group(2), matcher.group(3), (Integer.parseInt(matcher.group(4), 16) & 1) == 1);
	}

	/**
	 * A sender's trace context.
	 * @param traceId 32 hex digits
	 * @param spanId 16 hex digits
	 * @param sampled the sender's sampling flag (recorded on the link, never obeyed)
	 */
	record Remote(String traceId, String spanId, boolean sampled) {
	}

}
