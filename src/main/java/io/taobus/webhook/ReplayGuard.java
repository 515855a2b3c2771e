package io.taobus.webhook;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.taobus.ingestion.Acknowledgement;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the SHA-256 of the bodies accepted from sources whose scheme signs the body only (GitHub,
 * Shopify, {@code hmac-sha256}): their delivery id header is not signed, so a captured delivery sent
 * again under a fresh id would otherwise pass. Bounded in size and age ({@code taobus.webhooks.replay-window}, {@code replay-max-entries});
 * per process: the durable dedupe on the delivery id is the inbox's, this only narrows the replay of a
 * body under a new id to what a restart or another replica forgets.
 */
final class ReplayGuard {

	private final Cache<String, Acknowledgement> bodies;

	ReplayGuard(Duration window, long maxEntries) {
		// maintenance (eviction, expiry) runs on the recording thread, amortized, instead of a handoff to
		// the common pool per delivery
		this.bodies = Caffeine.newBuilder()
			.expireAfterWrite(window)
			.maximumSize(maxEntries)
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Records a body unless its source accepted it before.
	 * @return {@code null} when recorded now, else the acknowledgement of the delivery that brought it first
	 */
	@Nullable Acknowledgement recordIfAbsent(String source, String bodyHash, Acknowledgement acknowledgement) {
		return this.bodies.asMap().putIfAbsent(source + "\n" + bodyHash, acknowledgement);
	}

	/** Forgets a body recorded for a delivery that was then not stored, so that its retry passes. */
	void forget(String source, String bodyHash, Acknowledgement acknowledgement) {
		this.bodies.asMap().remove(source + "\n" + bodyHash, acknowledgement);
	}

}
