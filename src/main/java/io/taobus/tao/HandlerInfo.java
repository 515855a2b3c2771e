package io.taobus.tao;

import java.util.Objects;

/**
 * A read-only description of one registration: the pattern it was registered under, its phase, and
 * a readable handler name. Listeners receive it with every handler event, and
 * {@link Kernel#registrations()} lists it, so that the service can display and measure handlers
 * without reaching the handlers themselves.
 *
 * @param pattern the registered trigram pattern
 * @param kind the phase
 * @param name a readable name of the handler
 */
public record HandlerInfo(Trigram pattern, HandlerKind kind, String name) {

	public HandlerInfo {
		Objects.requireNonNull(pattern, "pattern");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(name, "name");
	}

}
