package io.taobus.tao;

/** The three phases a handler can belong to, in the order a dispatch runs them. */
public enum HandlerKind {

	INTERCEPT, ASYNC, INLINE;

	/** The lower-case name used in metric tags and JSON: {@code intercept}, {@code async}, {@code inline}. */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
