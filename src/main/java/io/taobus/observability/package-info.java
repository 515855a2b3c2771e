/**
 * Micrometer and Actuator adapters of the kernel: meters, health, the live stream of the bus.
 */
@NullMarked
package io.taobus.observability;

import org.jspecify.annotations.NullMarked;
