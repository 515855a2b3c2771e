package io.taobus.webhook;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Remembers the bodies accepted from sources whose scheme signs the body only (GitHub, Shopify,
 * {@code hmac-sha256}): their delivery id header is not signed, so a captured delivery sent again
 * under a fresh id would otherwise pass. Per process: the durable dedupe on the delivery id is the
 * inbox's; this only narrows the replay of a body under a new id to what a restart or another replica
 * forgets.
 * <p>
 * Bounded in age ({@code taobus.webhooks.replay-window}) and size ({@code replay-max-entries}, the
 * oldest forgotten first), and compact: the entries live in arrays allocated once at their full size
 * (a ring in arrival order, which is also expiry order, and an open-addressing index over it), so that
 * the state kept for a day adds no object per delivery but the first delivery's id, and the young
 * collections of a busy server do not copy a map of long-lived entries again and again. An entry is
 * the first 64 bits of the body's SHA-256 mixed with the source's name: two different bodies of one
 * source collide with a probability of about n²/2⁶⁵ (3·10⁻¹⁰ at 100,000 entries), and a collision
 * answers one genuine delivery as a duplicate.
 * <p>
 * Thread-safe; each call is a few array accesses under one lock.
 */
final class ReplayGuard {

	/** An index slot that holds no entry. */
	private static final int FREE = -1;

	private final long windowMillis;

	private final int capacity;

	/** The ring of entries in arrival order: fingerprint ({@code 0}: forgotten), expiry, first delivery id. */
	private final long[] fingerprints;

	private final long[] expiries;

	private final @Nullable String[] firstIds;

	/** Open addressing with linear probing over ring slots; a power of two at least twice the capacity. */
	private final int[] index;

	private final int mask;

	/** The oldest ring slot and the number of slots in use from it (forgotten ones included). */
	private int head;

	private int size;

	ReplayGuard(Duration window, long maxEntries) {
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("taobus.webhooks.replay-window must be positive, not " + window);
		}
		if (maxEntries < 1 || maxEntries > (1 << 28)) {
			throw new IllegalArgumentException(
					"taobus.webhooks.replay-max-entries must be between 1 and " + (1 << 28) + ", not " + maxEntries);
		}
		this.windowMillis = window.toMillis();
		this.capacity = (int) maxEntries;
		this.fingerprints = new long[this.capacity];
		this.expiries = new long[this.capacity];
		this.firstIds = new String[this.capacity];
		this.index = new int[Integer.highestOneBit(this.capacity * 2 - 1) << 1];
		this.mask = this.index.length - 1;
		Arrays.fill(this.index, FREE);
	}

	/**
	 * Records a body unless its source accepted it within the window.
	 * @param bodyHash the body's {@code sha256:} and 64 hex digits
	 * @return {@code null} when recorded now, else the delivery id under which the body came first
	 */
	synchronized @Nullable String recordIfAbsent(String source, String bodyHash, String deliveryId, long nowMillis) {
		expire(nowMillis);
		long fingerprint = fingerprint(source, bodyHash);
		int at = find(fingerprint);
		if (at != FREE && this.expiries[this.index[at]] > nowMillis) {
			return this.firstIds[this.index[at]];
		}
		if (at != FREE) {
			// expired out of ring order (the wall clock went back): forget it and record the body anew
			int stale = this.index[at];
			unindex(at);
			this.fingerprints[stale] = 0;
			this.firstIds[stale] = null;
		}
		if (this.size == this.capacity) {
			evictOldest();
		}
		int slot = (this.head + this.size) % this.capacity;
		this.size++;
		this.fingerprints[slot] = fingerprint;
		this.expiries[slot] = nowMillis + this.windowMillis;
		this.firstIds[slot] = deliveryId;
		int probe = home(fingerprint);
		while (this.index[probe] != FREE) {
			probe = (probe + 1) & this.mask;
		}
		this.index[probe] = slot;
		return null;
	}

	/** Forgets a body recorded for a delivery that was then not stored, so that its retry passes. */
	synchronized void forget(String source, String bodyHash, String deliveryId) {
		int at = find(fingerprint(source, bodyHash));
		if (at != FREE && deliveryId.equals(this.firstIds[this.index[at]])) {
			int slot = this.index[at];
			unindex(at);
			this.fingerprints[slot] = 0;
			this.firstIds[slot] = null;
		}
	}

	/** The bodies remembered now. */
	synchronized int entries() {
		int entries = 0;
		for (int i = 0; i < this.size; i++) {
			entries += (this.fingerprints[(this.head + i) % this.capacity] != 0) ? 1 : 0;
		}
		return entries;
	}

	private void expire(long nowMillis) {
		while (this.size > 0 && (this.fingerprints[this.head] == 0 || this.expiries[this.head] <= nowMillis)) {
			evictOldest();
		}
	}

	private void evictOldest() {
		int slot = this.head;
		if (this.fingerprints[slot] != 0) {
			unindex(find(this.fingerprints[slot]));
			this.fingerprints[slot] = 0;
			this.firstIds[slot] = null;
		}
		this.head = (this.head + 1) % this.capacity;
		this.size--;
	}

	/** The index position of an entry, or {@link #FREE}. */
	private int find(long fingerprint) {
		for (int probe = home(fingerprint);; probe = (probe + 1) & this.mask) {
			int slot = this.index[probe];
			if (slot == FREE) {
				return FREE;
			}
			if (this.fingerprints[slot] == fingerprint) {
				return probe;
			}
		}
	}

	/** Empties an index position and shifts back the entries of its probe run that belong before it. */
	private void unindex(int at) {
		int gap = at;
		for (int probe = (at + 1) & this.mask; this.index[probe] != FREE; probe = (probe + 1) & this.mask) {
			int home = home(this.fingerprints[this.index[probe]]);
			// the entry may move into the gap unless its home lies cyclically in (gap, probe]
			boolean homeAfterGap = (gap <= probe) ? (home > gap && home <= probe) : (home > gap || home <= probe);
			if (!homeAfterGap) {
				this.index[gap] = this.index[probe];
				gap = probe;
			}
		}
		this.index[gap] = FREE;
	}

	private int home(long fingerprint) {
		return (int) (fingerprint ^ (fingerprint >>> 32)) & this.mask;
	}

	private static long fingerprint(String source, String bodyHash) {
		long digest = HexFormat.fromHexDigitsToLong(bodyHash, bodyHash.length() - 64, bodyHash.length() - 48);
		long mixed = digest ^ (source.hashCode() * 0x9E3779B97F4A7C15L);
		return (mixed != 0) ? mixed : 1;
	}

}
