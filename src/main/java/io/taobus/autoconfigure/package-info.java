/**
 * Thin wiring on top of the features: the kernel bean, its settings and its lifecycle; the inbox bean,
 * its settings and its recovery; the server's timeouts and the shutdown phases. Nothing depends on it.
 */
@NullMarked
package io.taobus.autoconfigure;

import org.jspecify.annotations.NullMarked;
