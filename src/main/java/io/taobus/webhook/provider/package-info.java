/**
 * One file per webhook provider: each {@link io.taobus.webhook.provider.WebhookProvider} component
 * holds its scheme's verifier, its default mapping and delivery id, its event headers (kept in the
 * metadata, declared in OpenAPI) and its pre-dispatch hook, and the component scan finds it, so that
 * adding a provider is adding a file and its tests. Beside them, what the schemes share: the delivery as
 * received ({@link io.taobus.webhook.provider.Delivery}, {@link io.taobus.webhook.provider.DeliveryHeaders}),
 * the HMAC-SHA256 keys and constant-time comparison, the replay window of timestamped schemes, and the
 * registry by type ({@link io.taobus.webhook.provider.Providers}). A leaf: it depends on {@code ingestion}
 * (its refusals) and on nothing else of taobus's.
 */
@NullMarked
package io.taobus.webhook.provider;

import org.jspecify.annotations.NullMarked;
