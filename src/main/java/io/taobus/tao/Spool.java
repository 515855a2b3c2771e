package io.taobus.tao;

/**
 * The AppCons one dispatch chained, in the order they were chained, with a cursor: the first is
 * dispatched on the dispatch's own thread, and the rest are handed on one by one (see
 * {@link Dispatch}).
 */
final class Spool {

	private final AppCon[] items;

	private final int size;

	private int cursor;

	Spool(AppCon[] items, int size) {
		this.items = items;
		this.size = size;
	}

	AppCon next() {
		return this.items[this.cursor++];
	}

	boolean hasNext() {
		return this.cursor < this.size;
	}

}
