/**
 * Thin wiring: the kernel bean, its settings and its lifecycle.
 */
@NullMarked
package io.taobus.config;

import org.jspecify.annotations.NullMarked;
