package io.taobus.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.KernelListener;
import io.taobus.tao.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * Records what a kernel does, for {@link TaoScenario}: every AppCon dispatched (the one set and those
 * its handlers chained) and every handler call with its outcome. On a kernel built by hand, pass it
 * to {@code Kernel.builder().listener(...)}; in a Spring test, {@code @Import(TaoRecorder.class)} makes
 * it a bean, and taobus's auto-configuration adds every {@code KernelListener} bean to the kernel.
 */
public class TaoRecorder implements KernelListener {

	private final List<AppCon> dispatched = new CopyOnWriteArrayList<>();

	private final List<HandlerCall> calls = new CopyOnWriteArrayList<>();

	@Override
	public void appConDispatched(AppCon appCon, boolean matched) {
		this.dispatched.add(appCon);
	}

	@Override
	public void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome,
			@Nullable Throwable error) {
		this.calls.add(new HandlerCall(handler.name(), handler.kind().name(), appCon, outcome, error));
	}

	/** Forgets what was recorded so far. */
	public void clear() {
		this.dispatched.clear();
		this.calls.clear();
	}

	/** The AppCons dispatched since the last {@link #clear()}, in order. */
	public List<AppCon> dispatched() {
		return List.copyOf(this.dispatched);
	}

	/** The handler calls ended since the last {@link #clear()}, in order. */
	public List<HandlerCall> calls() {
		return List.copyOf(this.calls);
	}

	/**
	 * One handler call.
	 * @param handler its name, {@code Bean#method} for an annotated method
	 * @param kind {@code INLINE}, {@code ASYNC} or {@code INTERCEPT}
	 * @param appCon the AppCon it handled
	 * @param outcome how it ended
	 * @param error what it threw, or its timeout
	 */
	public record HandlerCall(String handler, String kind, AppCon appCon, Outcome outcome, @Nullable Throwable error) {

	}

}
