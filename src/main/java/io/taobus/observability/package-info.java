/**
 * Micrometer and Actuator adapters of the kernel, the inbox and ingestion: meters, health, the
 * {@code tao} actuator endpoint, the handler error log, and the trace of a delivery with a span per
 * handler call ({@link io.taobus.ingestion.DeliveryContext}). Depends on {@code tao}, {@code inbox} and
 * {@code ingestion} only.
 */
@NullMarked
package io.taobus.observability;

import org.jspecify.annotations.NullMarked;
