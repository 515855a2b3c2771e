/**
 * Webhook ingestion, {@code POST /webhooks/{source}}: the configured sources
 * ({@link io.taobus.webhook.WebhookProperties}), compiled at startup with their provider's verifier and
 * mapping; the endpoint and the pipeline of a delivery (verify, parse, answer a handshake, map to a
 * trigram and a delivery id, refuse a replayed body, then store and dispatch through the shared
 * {@code ingestion}); the value expressions of the mapping; and the endpoint's OpenAPI description.
 * Each provider's scheme is a file of {@code webhook.provider}. Nothing but the wiring in
 * {@code config} depends on this package.
 */
@NullMarked
package io.taobus.webhook;

import org.jspecify.annotations.NullMarked;
