package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * The AppCons one dispatch chained, in the order they were chained, with a cursor: the first is
 * dispatched on the dispatch's own thread, and the rest are handed on one by one (see
 * {@link Dispatch}). In a cascade with a {@link Scope}, an AppCon is taken twice: for its private
 * dispatch, then, put back, for its main one. The spool of a recorded cascade is a {@link Recorded}
 * one, which knows the hop of each AppCon.
 */
sealed class Spool permits Spool.Recorded {

	private final AppCon[] items;

	private final int size;

	private int cursor;

	private Spool(AppCon[] items, int size) {
		this.items = items;
		this.size = size;
	}

	/**
	 * The spool of the first {@code size} items: a {@link Recorded} one when they have hops.
	 * @param hops the hop of each AppCon in a recorded cascade ({@link HandlerCall}), else null
	 */
	static Spool of(AppCon[] items, int size, String @Nullable [] hops) {
		return (hops != null) ? new Recorded(items, size, hops) : new Spool(items, size);
	}

	/** The hop of the AppCon last taken, in a recorded cascade; else null. */
	@Nullable String hop() {
		return null;
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

	/** The spool of a recorded cascade, with the hop of each AppCon. */
	static final class Recorded extends Spool {

		private final String[] hops;

		private Recorded(AppCon[] items, int size, String[] hops) {
			super(items, size);
			this.hops = hops;
		}

		@Override
		String hop() {
			return this.hops[((Spool) this).cursor - 1];
		}

	}

}
