package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * A private handler that needs the scope of the cascade it runs in, as a {@link Transceiver}'s do to
 * settle the stage of their own call. The kernel calls it instead of the phase's interface: it
 * returns what that interface would ({@link Intercept} for an intercept, an {@link AppCon} or
 * {@code null} otherwise).
 */
interface ScopedHandler {

	@Nullable Object handle(AppCon appCon, Scope scope) throws Exception;

}
