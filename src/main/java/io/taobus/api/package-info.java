/**
 * The token-guarded operator endpoints: the deliveries API over the durable inbox (list, look up,
 * replay one or a range), with RFC 9457 problem details like ingestion's.
 */
@NullMarked
package io.taobus.api;

import org.jspecify.annotations.NullMarked;
