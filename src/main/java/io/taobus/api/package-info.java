/**
 * The bearer tokens of the token-guarded endpoints and their scopes: {@code write} (set AppCons),
 * {@code read} (the live stream, the deliveries), {@code admin} (replays). Any endpoint checks a
 * request with {@link io.taobus.api.ApiTokens#check}.
 */
@NullMarked
package io.taobus.api;

import org.jspecify.annotations.NullMarked;
