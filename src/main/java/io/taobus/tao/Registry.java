package io.taobus.tao;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable snapshot of the registrations, with the lookup a dispatch needs. Registering or
 * removing builds a new snapshot (registration is rare, dispatch is hot). Patterns are indexed term →
 * action → orient, so a concrete trigram finds every matching pattern, exact or wild on any axis, in
 * at most fourteen hash look-ups and without allocating; unlike tao.js, which files a leaf for every
 * trigram ever set, an unmatched trigram leaves nothing behind. Routes of matched trigrams are cached,
 * up to {@link #CACHE_LIMIT} of them per snapshot, so memory stays bounded whatever strangers send.
 */
final class Registry {

	static final int CACHE_LIMIT = 4096;

	static final Registry EMPTY = new Registry(List.of());

	private final List<Registration> all;

	private final Map<String, Map<String, Map<String, List<Registration>>>> index = new HashMap<>();

	private final Map<Trigram, Route> cache = new ConcurrentHashMap<>();

	private Registry(List<Registration> all) {
		this.all = List.copyOf(all);
		for (Registration registration : this.all) {
			Trigram pattern = registration.info().pattern();
			this.index.computeIfAbsent(pattern.term(), (key) -> new HashMap<>())
				.computeIfAbsent(pattern.action(), (key) -> new HashMap<>())
				.computeIfAbsent(pattern.orient(), (key) -> new ArrayList<>())
				.add(registration);
		}
	}

	List<Registration> all() {
		return this.all;
	}

	Registry with(Registration registration) {
		List<Registration> next = new ArrayList<>(this.all);
		next.add(registration);
		return new Registry(next);
	}

	Registry without(Registration registration) {
		List<Registration> next = new ArrayList<>(this.all);
		next.remove(registration);
		return new Registry(next);
	}

	/**
	 * The route of a trigram: for a concrete one, every registration whose pattern matches it; for a
	 * wildcard one, only the registrations under exactly that pattern (tao.js semantics).
	 */
	Route route(Trigram trigram) {
		Route cached = this.cache.get(trigram);
		if (cached != null) {
			return cached;
		}
		Route route = trigram.isConcrete() ? Route.of(matching(trigram)) : Route.of(exactly(trigram));
		if (route != Route.EMPTY && this.cache.size() < CACHE_LIMIT) {
			this.cache.put(trigram, route);
		}
		return route;
	}

	int cachedRoutes() {
		return this.cache.size();
	}

	private List<Registration> matching(Trigram trigram) {
		List<Registration> found = new ArrayList<>(0);
		for (int t = 0; t < 2; t++) {
			Map<String, Map<String, List<Registration>>> byAction = this.index.get(axis(trigram.term(), t));
			for (int a = 0; byAction != null && a < 2; a++) {
				Map<String, List<Registration>> byOrient = byAction.get(axis(trigram.action(), a));
				for (int o = 0; byOrient != null && o < 2; o++) {
					List<Registration> registrations = byOrient.get(axis(trigram.orient(), o));
					if (registrations != null) {
						found.addAll(registrations);
					}
				}
			}
		}
		return found;
	}

	/** The two keys a concrete axis value matches: itself, then the wildcard. */
	private static String axis(String value, int which) {
		return (which == 0) ? value : Trigram.WILDCARD;
	}

	private List<Registration> exactly(Trigram pattern) {
		List<Registration> registrations = this.index.getOrDefault(pattern.term(), Map.of())
			.getOrDefault(pattern.action(), Map.of())
			.get(pattern.orient());
		return (registrations != null) ? registrations : List.of();
	}

}
