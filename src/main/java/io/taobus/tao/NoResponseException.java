package io.taobus.tao;

/**
 * The cascade of a {@link Transponder} or {@link Transceiver} call ended without settling it and
 * without a handler failure: it chained no AppCon (nothing matched the entry, an intercept halted it,
 * nothing returned an AppCon), or no private handler returned a value. tao.js waits for its timeout
 * instead (forever without one); nothing more can come once the cascade has ended, so Java says so
 * at once.
 */
public final class NoResponseException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient AppCon appCon;

	NoResponseException(AppCon appCon) {
		super("the cascade of " + appCon + " ended without a response");
		this.appCon = appCon;
	}

	/** The AppCon whose cascade gave no response. */
	public AppCon appCon() {
		return this.appCon;
	}

}
