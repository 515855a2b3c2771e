package io.taobus.inbox;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts this node runs right now: every {@link DeliveryRef} handed out by an admission or a
 * claim, until its outcome or release is committed (not merely reported: an outcome waiting in the
 * writer's queue keeps its lease renewed, so that a database slower than the lease cannot make another
 * claim run a finished delivery again). Only these rows have their lease renewed, rather
 * than every pending row this node owns, so that a handle that is lost (its holder dropped it without
 * reporting, or a writer thread died) stops being renewed: the handle is held weakly, and once it is
 * garbage its row's lease runs out and recovery runs it again. Callers therefore keep the very
 * {@code DeliveryRef} object they were given until they report it.
 */
final class HeldRefs {

	private final ConcurrentHashMap<Long, WeakReference<DeliveryRef>> held = new ConcurrentHashMap<>();

	void add(DeliveryRef ref) {
		this.held.put(ref.id(), new WeakReference<>(ref));
	}

	/** Forgets a handle once its outcome is committed (or dropped), unless a newer attempt of its row is held. */
	void remove(DeliveryRef ref) {
		this.held.computeIfPresent(ref.id(), (id, weak) -> {
			DeliveryRef current = weak.get();
			return (current == null || current.attempt() <= ref.attempt()) ? null : weak;
		});
	}

	/** The ids of the rows whose handle is still alive, in id order; forgets the lost ones. */
	List<Long> ids() {
		List<Long> ids = new ArrayList<>(this.held.size());
		this.held.forEach((id, weak) -> {
			if (weak.get() == null) {
				this.held.remove(id, weak);
			}
			else {
				ids.add(id);
			}
		});
		ids.sort(null);
		return ids;
	}

}
