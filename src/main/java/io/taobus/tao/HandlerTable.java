package io.taobus.tao;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The registrations of one kernel: a volatile immutable {@link Registry} snapshot that dispatches read
 * without locking, replaced under a lock when a handler is added or removed (registration is rare,
 * dispatch is hot).
 */
final class HandlerTable {

	private final Object lock = new Object();

	private volatile Registry registry = Registry.EMPTY;

	private long nextOrder;

	/**
	 * Adds a registration. As in tao.js, registering the same handler object under the same pattern
	 * and phase twice changes nothing: the existing registration is returned.
	 */
	Registration add(Trigram pattern, HandlerKind kind, Object handler, @Nullable String name,
			long timeoutNanos) {
		return add(pattern, kind, handler, name, timeoutNanos, AsyncRetries.DEFAULT);
	}

	Registration add(Trigram pattern, HandlerKind kind, Object handler, @Nullable String name,
			long timeoutNanos, AsyncRetries retries) {
		Objects.requireNonNull(pattern, "pattern");
		Objects.requireNonNull(handler, "handler");
		synchronized (this.lock) {
			for (Registration existing : this.registry.all()) {
				if (existing.sameAs(pattern, kind, handler)) {
					return existing;
				}
			}
			HandlerInfo info = new HandlerInfo(pattern, kind, (name != null) ? name : HandlerNames.of(handler));
			Registration registration = new Registration(this, info, handler, this.nextOrder++, timeoutNanos,
					(kind == HandlerKind.ASYNC) ? retries : AsyncRetries.NONE);
			this.registry = this.registry.with(registration);
			return registration;
		}
	}

	/** Removes the registration of this handler under exactly this pattern; true if there was one. */
	boolean remove(Trigram pattern, HandlerKind kind, Object handler) {
		Objects.requireNonNull(pattern, "pattern");
		Objects.requireNonNull(handler, "handler");
		synchronized (this.lock) {
			for (Registration existing : this.registry.all()) {
				if (existing.sameAs(pattern, kind, handler)) {
					this.registry = this.registry.without(existing);
					return true;
				}
			}
			return false;
		}
	}

	void remove(Registration registration) {
		synchronized (this.lock) {
			if (this.registry.all().contains(registration)) {
				this.registry = this.registry.without(registration);
			}
		}
	}

	boolean contains(Registration registration) {
		return this.registry.all().contains(registration);
	}

	List<Registration> all() {
		return this.registry.all();
	}

	Route route(AppCon appCon) {
		return this.registry.route(appCon.trigram());
	}

	int cachedRoutes() {
		return this.registry.cachedRoutes();
	}

}
