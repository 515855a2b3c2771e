package io.taobus.tao;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Response handlers: an inline or async handler whose returned AppCon answers the request that
 * started its cascade, when that request came through a {@link Transponder}. Registered like any
 * handler ({@code kernel.addInlineHandler(pattern, name, Responses.inline(handler))}); on a cascade
 * entered on the kernel they are ordinary handlers, their AppCon chained as usual.
 *
 * <p>Which AppCon answers a request: when a response handler matches the request's own trigram, the
 * first AppCon a response handler returns anywhere in its cascade, so that the answer is the one the
 * handler declares and not whatever is chained first; otherwise the first AppCon the cascade chains,
 * as in tao.js's koa middleware (a response handler's AppCon, returned before it is chained, still
 * wins the race there). {@link Kernel#responseHandlers()} lists them.
 */
public final class Responses {

	private Responses() {
	}

	/** An inline handler whose returned AppCon is the response of its cascade's request. */
	public static InlineHandler inline(InlineHandler handler) {
		return new Inline(Objects.requireNonNull(handler, "handler"));
	}

	/** An async handler whose returned AppCon is the response of its cascade's request. */
	public static AsyncHandler async(AsyncHandler handler) {
		return new Async(Objects.requireNonNull(handler, "handler"));
	}

	/** Whether a registered handler object is a response handler. */
	static boolean isResponse(Object handler) {
		return handler instanceof Responder;
	}

	/** Whether a route reaches a response handler. */
	static boolean responds(Route route) {
		for (Registration registration : route.inlines) {
			if (isResponse(registration.handler())) {
				return true;
			}
		}
		for (Registration registration : route.asyncs) {
			if (isResponse(registration.handler())) {
				return true;
			}
		}
		return false;
	}

	/** Tells the scope of a cascade, if it has one, that a response handler returned an AppCon. */
	static void returned(Object handler, @Nullable Object result, @Nullable Scope scope) {
		if (scope != null && result instanceof AppCon response && isResponse(handler)) {
			scope.responded(response);
		}
	}

	private sealed interface Responder permits Inline, Async {
	}

	private record Inline(InlineHandler handler) implements InlineHandler, Responder {

		@Override
		public @Nullable AppCon handle(AppCon appCon) throws Exception {
			return this.handler.handle(appCon);
		}

	}

	private record Async(AsyncHandler handler) implements AsyncHandler, Responder {

		@Override
		public @Nullable AppCon handle(AppCon appCon) throws Exception {
			return this.handler.handle(appCon);
		}

	}

}
