/**
 * The token-guarded endpoints' bearer tokens and their scopes: {@code write} (set AppCons),
 * {@code read} (the live stream, the deliveries), {@code admin} (replays), checked with
 * {@link io.taobus.api.ApiTokens}; and the operator endpoints over the durable inbox (list, look up,
 * replay one or a range), with RFC 9457 problem details like ingestion's.
 */
@NullMarked
package io.taobus.api;

import org.jspecify.annotations.NullMarked;
