package io.taobus.tao;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The tracking of one cascade a caller watches through {@link Kernel#dispatch}: it counts the units of
 * work still open (each {@link Cascade} it spans, the entry one and those async handlers' AppCons
 * start, and each async call) and the handler calls, swallowed async errors and first failure, and
 * completes its stage when the last unit closes, counting out the bytes admission counted for it
 * (once, whichever way the stage completes). A cascade nobody watches or weighs has none, and pays
 * only a null check per event. A cascade entered through a {@link Channel} always has one, which
 * carries its {@link Scope} across the cascades its async handlers' AppCons start.
 */
final class Completion {

	private static final VarHandle OPEN;

	private static final VarHandle CALLS;

	private static final VarHandle ASYNC_ERRORS;

	private static final VarHandle FAILURE;

	private static final VarHandle INLINE;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			OPEN = lookup.findVarHandle(Completion.class, "open", int.class);
			CALLS = lookup.findVarHandle(Completion.class, "calls", int.class);
			ASYNC_ERRORS = lookup.findVarHandle(Completion.class, "asyncErrors", int.class);
			FAILURE = lookup.findVarHandle(Completion.class, "failure", Throwable.class);
			INLINE = lookup.findVarHandle(Completion.class, "inline", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final CompletableFuture<CascadeResult> stage = new CompletableFuture<>();

	private final Completions owner;

	private final long weight;

	/** The scope of a cascade entered through a {@link Channel}, shared by all it spans; else null. */
	final @Nullable Scope scope;

	/** The recording of a cascade dispatched with one, shared by all it spans; else null. */
	final @Nullable Recording recording;

	@SuppressWarnings("unused") // through OPEN; the entry cascade is open from the start
	private volatile int open = 1;

	@SuppressWarnings("unused") // through CALLS
	private volatile int calls;

	@SuppressWarnings("unused") // through ASYNC_ERRORS
	private volatile int asyncErrors;

	@SuppressWarnings("unused") // through FAILURE
	private volatile @Nullable Throwable failure;

	/** The cascade the caller entered (set once it exists), whose end is the end of the inline phases. */
	@Nullable Cascade entry;

	/**
	 * Null until asked for or until the entry cascade ended: then the stage of the inline phases' end
	 * ({@link #inlineStage()}), or {@link #INLINE_DONE} when the entry ended before anyone asked.
	 */
	@SuppressWarnings("unused") // through INLINE
	private volatile @Nullable Object inline;

	private static final Object INLINE_DONE = new Object();

	Completion(Completions owner, long weight, @Nullable Scope scope, @Nullable Recording recording) {
		this.owner = owner;
		this.weight = weight;
		this.scope = scope;
		this.recording = recording;
	}

	/** What the caller sees: a stage it cannot complete itself. */
	CompletionStage<CascadeResult> stage() {
		return this.stage.minimalCompletionStage();
	}

	/** One more unit of work: a cascade started by an async handler's AppCon, or an async call. */
	void opened() {
		OPEN.getAndAdd(this, 1);
	}

	/** One unit of work ended; the last one completes the stage. */
	void closed() {
		if ((int) OPEN.getAndAdd(this, -1) == 1) {
			this.owner.finished(this);
			if (this.stage.complete(snapshot())) {
				this.owner.released(this.weight);
			}
		}
	}

	/**
	 * The entry cascade ended: every intercept and inline handler of the AppCon entered and of what they
	 * chained returned (async calls and the cascades their AppCons start may still run).
	 */
	void entryClosed() {
		Object asked = INLINE.compareAndExchange(this, null, INLINE_DONE);
		if (asked instanceof CompletableFuture<?> stage) {
			@SuppressWarnings("unchecked")
			CompletableFuture<CascadeResult> inlineStage = (CompletableFuture<CascadeResult>) stage;
			inlineStage.complete(snapshot());
		}
	}

	/** The stage of the end of the entry cascade's intercept and inline phases, with what they did. */
	CompletionStage<CascadeResult> inlineStage() {
		CompletableFuture<CascadeResult> stage = new CompletableFuture<>();
		Object existing = INLINE.compareAndExchange(this, null, stage);
		if (existing == null) {
			return stage.minimalCompletionStage();
		}
		if (existing == INLINE_DONE) {
			return CompletableFuture.completedStage(snapshot());
		}
		@SuppressWarnings("unchecked")
		CompletableFuture<CascadeResult> asked = (CompletableFuture<CascadeResult>) existing;
		return asked.minimalCompletionStage();
	}

	private CascadeResult snapshot() {
		return new CascadeResult(this.calls, this.asyncErrors, this.failure);
	}

	void handlerCalled() {
		CALLS.getAndAdd(this, 1);
	}

	void asyncError() {
		ASYNC_ERRORS.getAndAdd(this, 1);
	}

	/** Keeps the first intercept or inline failure. */
	void failed(Throwable error) {
		FAILURE.compareAndSet(this, null, error);
	}

	/** Ends the stage exceptionally when work remains the kernel will no longer wait for. */
	void abandon(Throwable reason) {
		if (this.stage.completeExceptionally(reason)) {
			this.owner.released(this.weight);
		}
	}

	boolean isDone() {
		return this.stage.isDone();
	}

}
