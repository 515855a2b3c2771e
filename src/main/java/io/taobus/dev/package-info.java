/**
 * The {@code dev} profile: the secrets and tokens published in this repository for its demonstration
 * sources, which the {@code webhook} and {@code api} packages refuse outside it, and the WARN that says
 * it is on. Depends on nothing of taobus's, so that any package may ask whether it is active.
 */
@NullMarked
package io.taobus.dev;

import org.jspecify.annotations.NullMarked;
