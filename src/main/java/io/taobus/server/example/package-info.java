/**
 * The "Bootstrap User Session" TAO-path, shipped as a demonstration of the three handler phases
 * and of a swallowed async error.
 */
@NullMarked
package io.taobus.server.example;

import org.jspecify.annotations.NullMarked;
