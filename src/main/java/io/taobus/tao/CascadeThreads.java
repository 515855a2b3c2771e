package io.taobus.tao;

import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Runs cascades: starts the virtual thread a cascade (or the rest of a spool) runs on, registered as
 * {@link Running} while it works, and runs a dispatch and every chained AppCon that continues on the
 * same thread.
 */
final class CascadeThreads {

	private static final ThreadFactory CASCADES = Thread.ofVirtual().name("tao-dispatch").factory();

	private final Kernel kernel;

	private final Running running;

	private final UnaryOperator<Runnable> decorator;

	CascadeThreads(Kernel kernel, Running running, UnaryOperator<Runnable> decorator) {
		this.kernel = kernel;
		this.running = running;
		this.decorator = decorator;
	}

	/** Starts a cascade's thread, carrying the caller's context through its decorator. */
	void start(AppCon first, Route route, Cascade cascade, UnaryOperator<Runnable> context) {
		String hop = (cascade.completion != null && cascade.completion.recording != null) ? Recording.ROOT : null;
		CASCADES.newThread(context.apply(() -> runOwnThread(Dispatch.of(this.kernel, first, hop, route, cascade, 0, null,
				false)))).start();
	}

	/** Hands the rest of a spool to a new virtual thread: siblings never wait for one another. */
	void fork(Spool siblings, Cascade cascade, int depth, boolean putBack) {
		// the spool is this thread's alone once handed over, so the next AppCon is taken there
		CASCADES
			.newThread(this.decorator.apply(() -> runOwnThread(this.kernel.next(siblings, cascade, depth, putBack))))
			.start();
	}

	/** Runs a dispatch and every chained AppCon that continues on this thread. */
	void run(Dispatch first) {
		@Nullable Dispatch dispatch = first;
		while (dispatch != null) {
			dispatch = dispatch.run();
		}
	}

	private void runOwnThread(Dispatch first) {
		Running.Entry entry = this.running.enter();
		try {
			run(first);
		}
		finally {
			this.running.leave(entry);
		}
	}

}
