package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * The AppCons one dispatch chained, in the order they were chained, with a cursor: the first is
 * dispatched on the dispatch's own thread, and the rest are handed on one by one (see
 * {@link Dispatch}). In a cascade with a {@link Scope}, an AppCon is taken twice: for its private
 * dispatch, then, put back, for its main one.
 */
final class Spool {

	private final AppCon[] items;

	private final int size;

	/** The hop of each AppCon in a recorded cascade ({@link HandlerCall}), else null. */
	private final String @Nullable [] hops;

	private int cursor;

	Spool(AppCon[] items, int size, String @Nullable [] hops) {
		this.items = items;
		this.size = size;
		this.hops = hops;
	}

	/** The hop of the AppCon last taken, in a recorded cascade; else null. */
	@Nullable String hop() {
		return (this.hops != null) ? this.hops[this.cursor - 1] : null;
	}

	AppCon next() {
		return this.items[this.cursor++];
	}

	boolean hasNext() {
		return this.cursor < this.size;
	}

	/**
	 * Puts back the AppCon last taken, once its private dispatch started: it is next, for its main
	 * one. (The private dispatch, whose siblings this spool then is, knows; the spool keeps no flag,
	 * so that it costs a plain cascade nothing.)
	 */
	void putBack() {
		this.cursor--;
	}

}
