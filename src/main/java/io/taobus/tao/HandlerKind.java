package io.taobus.tao;

/** The three phases a handler can belong to, in the order a dispatch runs them. */
public enum HandlerKind {

	INTERCEPT, ASYNC, INLINE;

	private final String tag = name().toLowerCase(java.util.Locale.ROOT);

	/**
	 * The lower-case name used in metric tags and JSON: {@code intercept}, {@code async}, {@code inline};
	 * made once, as it is asked for at every handler call a listener or hook reports.
	 */
	public String tag() {
		return this.tag;
	}

}
