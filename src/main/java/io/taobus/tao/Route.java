package io.taobus.tao;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handlers one AppCon reaches, per phase and in registration order, each handler at most once
 * per phase however many of its patterns match. A route is immutable: a dispatch takes one at its
 * start, which is why registrations added or removed meanwhile count from the next dispatch.
 */
final class Route {

	static final Route EMPTY = new Route(new Registration[0], new Registration[0], new Registration[0]);

	final Registration[] intercepts;

	final Registration[] asyncs;

	final Registration[] inlines;

	private Route(Registration[] intercepts, Registration[] asyncs, Registration[] inlines) {
		this.intercepts = intercepts;
		this.asyncs = asyncs;
		this.inlines = inlines;
	}

	boolean isEmpty() {
		return this.intercepts.length == 0 && this.asyncs.length == 0 && this.inlines.length == 0;
	}

	/** The route of {@code first}'s handlers, then {@code second}'s, phase by phase. */
	static Route concat(Route first, Route second) {
		if (first.isEmpty()) {
			return second;
		}
		if (second.isEmpty()) {
			return first;
		}
		return new Route(join(first.intercepts, second.intercepts), join(first.asyncs, second.asyncs),
				join(first.inlines, second.inlines));
	}

	private static Registration[] join(Registration[] first, Registration[] second) {
		Registration[] joined = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, joined, first.length, second.length);
		return joined;
	}

	/** Merges registrations from several patterns into one route. */
	static Route of(List<Registration> matched) {
		if (matched.isEmpty()) {
			return EMPTY;
		}
		Registration[] sorted = matched.toArray(Registration[]::new);
		Arrays.sort(sorted, Comparator.comparingLong(Registration::order));
		return new Route(phase(sorted, HandlerKind.INTERCEPT), phase(sorted, HandlerKind.ASYNC),
				phase(sorted, HandlerKind.INLINE));
	}

	private static Registration[] phase(Registration[] sorted, HandlerKind kind) {
		List<Registration> result = new ArrayList<>();
		Map<Object, Boolean> seen = new IdentityHashMap<>();
		for (Registration registration : sorted) {
			if (registration.info().kind() == kind && seen.put(registration.handler(), Boolean.TRUE) == null) {
				result.add(registration);
			}
		}
		return result.toArray(Registration[]::new);
	}

}
