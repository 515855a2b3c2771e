package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * Calls a kernel's {@link HandlerHook} around one handler call, catching what it throws so that a
 * hook can never break a dispatch. Only a kernel with a hook creates one.
 */
final class HookCall {

	private final HandlerHook hook;

	private final HandlerInfo handler;

	private final AppCon appCon;

	private final @Nullable Object context;

	private HookCall(HandlerHook hook, HandlerInfo handler, AppCon appCon) {
		this.hook = hook;
		this.handler = handler;
		this.appCon = appCon;
		Object opened = null;
		try {
			opened = hook.before(handler, appCon);
		}
		catch (RuntimeException ex) {
			// a hook must never break a dispatch
		}
		this.context = opened;
	}

	/** Runs {@link HandlerHook#before}; {@code null} when the kernel has no hook. */
	static @Nullable HookCall before(@Nullable HandlerHook hook, Registration registration, AppCon appCon) {
		return (hook != null) ? new HookCall(hook, registration.info(), appCon) : null;
	}

	void after(Outcome outcome, @Nullable Throwable error) {
		try {
			this.hook.after(this.context, this.handler, this.appCon, outcome, error);
		}
		catch (RuntimeException ex) {
			// a hook must never break a dispatch
		}
	}

}
