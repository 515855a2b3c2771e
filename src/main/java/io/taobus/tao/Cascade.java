package io.taobus.tao;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * One cascade: an AppCon set from outside (or returned by an async handler) and every AppCon its
 * intercepts divert to and its inline handlers chain, transitively. It counts its open dispatches so
 * that the kernel can tell listeners when the last one ends, and the {@link Completion} of a caller
 * that watches it, if any.
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

	/** The watching caller's tracking, shared by every cascade an async handler's AppCon continues. */
	final @Nullable Completion completion;

	@SuppressWarnings("unused") // through OPEN
	private volatile int open = 1;

	Cascade(AppCon root, long startNanos, @Nullable Completion completion) {
		this.root = root;
		this.startNanos = startNanos;
		this.completion = completion;
	}

	/** The scope of a cascade entered through a {@link Channel}, kept by its completion; else null. */
	@Nullable Scope scope() {
		Completion completion = this.completion;
		return (completion != null) ? completion.scope : null;
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
