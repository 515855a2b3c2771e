package io.taobus.tao;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/** A listener and log for kernel tests: records events and handler marks in the order they happen. */
final class Recorder implements KernelListener {

	final List<String> log = new CopyOnWriteArrayList<>();

	final List<Throwable> errors = new CopyOnWriteArrayList<>();

	/** Records a mark from a handler. */
	void mark(String mark) {
		this.log.add(mark);
	}

	List<String> events(String prefix) {
		return this.log.stream().filter((entry) -> entry.startsWith(prefix)).toList();
	}

	@Override
	public void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome,
			@Nullable Throwable error) {
		this.log.add("finished:" + handler.kind().tag() + ":" + handler.name() + ":" + outcome.tag());
		if (error != null) {
			this.errors.add(error);
		}
	}

	@Override
	public void asyncErrorSwallowed(HandlerInfo handler, AppCon appCon, Throwable error) {
		this.log.add("swallowed:" + handler.name() + ":" + error.getMessage());
	}

	@Override
	public void appConDispatched(AppCon appCon, boolean matched) {
		this.log.add("dispatched:" + appCon.trigram() + ":" + matched);
	}

	@Override
	public void asyncQueued(HandlerInfo handler, int queueDepth) {
		this.log.add("queued:" + queueDepth);
	}

	@Override
	public void dispatchRejected(AppCon appCon, boolean closed) {
		this.log.add("rejected:" + appCon.trigram() + ":" + (closed ? "closed" : "saturated"));
	}

	@Override
	public void cascadeDepthExceeded(AppCon appCon, int depth) {
		this.log.add("depth-exceeded:" + appCon.trigram() + ":" + depth);
	}

	@Override
	public void wildcardIgnored(AppCon appCon) {
		this.log.add("wildcard-ignored:" + appCon.trigram());
	}

	@Override
	public void cascadeFinished(AppCon root, long nanos) {
		this.log.add("cascade-finished:" + root.trigram());
	}

}
