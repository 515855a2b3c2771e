package io.taobus.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory {@link DeliveryLedger}: a Caffeine cache bounded in size and age
 * ({@code taobus.webhooks.dedupe.*}), whose atomic put-if-absent makes two concurrent copies of one
 * delivery yield exactly one acceptance.
 */
final class CaffeineDeliveryLedger implements DeliveryLedger {

	private final Cache<String, Acknowledgement> cache;

	CaffeineDeliveryLedger(WebhookProperties.Dedupe dedupe) {
		// maintenance (eviction, expiry) runs on the recording thread, amortized, instead of being handed
		// to the common pool after writes: a handoff per delivery costs more than the work
		this.cache = Caffeine.newBuilder()
			.expireAfterWrite(dedupe.ttl())
			.maximumSize(dedupe.maxEntries())
			.executor(Runnable::run)
			.build();
	}

	@Override
	public @Nullable Acknowledgement recordIfAbsent(String key, Acknowledgement acknowledgement) {
		return this.cache.asMap().putIfAbsent(key, acknowledgement);
	}

	@Override
	public void forget(String key, Acknowledgement acknowledgement) {
		this.cache.asMap().remove(key, acknowledgement);
	}

}
