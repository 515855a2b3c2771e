/**
 * The token-guarded endpoints: the AppCon API ({@code POST /tao/appcons}, through the shared
 * {@code ingestion} pipeline), the live stream of the bus ({@code GET /tao/stream}), the operator
 * endpoints over the durable inbox (list, look up, replay one or a range), and the bearer tokens with
 * their scopes, {@code write}, {@code read} and {@code admin}, checked with {@link io.taobus.api.ApiTokens};
 * and the frame of the OpenAPI document. Refusals are RFC 9457 problem details like ingestion's.
 */
@NullMarked
package io.taobus.api;

import org.jspecify.annotations.NullMarked;
