package io.taobus.tao;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One cascade: an AppCon set from outside (or returned by an async handler) and every AppCon its
 * intercepts divert to and its inline handlers chain, transitively. It counts its open dispatches so
 * that the kernel can tell listeners when the last one ends.
 */
final class Cascade {

	private static final VarHandle OPEN;

	static {
		try {
			OPEN = MethodHandles.lookup().findVarHandle(Cascade.class, "open", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final AppCon root;

	final long startNanos;

	@SuppressWarnings("unused") // through OPEN
	private volatile int open = 1;

	Cascade(AppCon root, long startNanos) {
		this.root = root;
		this.startNanos = startNanos;
	}

	/** Counts more dispatches opened in this cascade. */
	void opened(int count) {
		OPEN.getAndAdd(this, count);
	}

	/** Counts one dispatch closed; true when it was the last. */
	boolean closed() {
		return (int) OPEN.getAndAdd(this, -1) == 1;
	}

}
