package io.taobus.inbox;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a delivery's cascade, reported through {@link Inbox#finished}.
 */
public sealed interface Completion {

	/** The longest error text stored; a longer message is cut. */
	int MAX_ERROR_LENGTH = ErrorText.MAX_LENGTH;

	/**
	 * Every handler the cascade reached finished; inline and intercept handlers did not throw.
	 * @param handlerCalls the handler calls of the cascade
	 * @param asyncErrors the async handler errors swallowed (counted, not a failure)
	 */
	record Completed(int handlerCalls, int asyncErrors) implements Completion {

		public Completed {
			if (handlerCalls < 0 || asyncErrors < 0) {
				throw new IllegalArgumentException("counts must not be negative");
			}
		}

		/**
		 * Whether the cascade reached no handler: no registration matches the delivery's trigram (a typo
		 * in a pattern, an event type nobody handles). Such a delivery is counted and logged when it
		 * completes, and its stored row shows it ({@link DeliveryRecord#unhandled()}).
		 */
		public boolean unhandled() {
			return unhandled(this.handlerCalls);
		}

		/** The rule of {@link #unhandled()}, over a cascade's handler calls; async calls count too. */
		static boolean unhandled(int handlerCalls) {
			return handlerCalls == 0;
		}

	}

	/**
	 * An inline or intercept handler threw: the row becomes {@code failed}, retried on its own while its
	 * budget lasts ({@link InboxSettings#retries()}) unless its sender retries it, and a resend runs it again.
	 * @param errorClass the exception's class name
	 * @param message its message, or {@code null}; never put a payload here
	 * @param handlerCalls the handler calls of the cascade
	 * @param asyncErrors the async handler errors swallowed
	 * @param retried whether the inbox retries it; false for a delivery whose sender was answered the
	 * failure (a source with {@code reply.mode: inline}): its sender's own retry runs it again, as a resend,
	 * and the inbox retrying it as well would run it twice
	 */
	record Failed(String errorClass, @Nullable String message, int handlerCalls, int asyncErrors, boolean retried)
			implements Completion {

		public Failed {
			Objects.requireNonNull(errorClass, "errorClass");
		}

		/** A failure the inbox retries. */
		public Failed(String errorClass, @Nullable String message, int handlerCalls, int asyncErrors) {
			this(errorClass, message, handlerCalls, asyncErrors, true);
		}

		/** A failure from an exception: its class name and message only; the inbox retries it. */
		public static Failed of(Throwable failure, int handlerCalls, int asyncErrors) {
			return new Failed(failure.getClass().getName(), failure.getMessage(), handlerCalls, asyncErrors);
		}

		/** This failure, left to its sender's retry: the inbox does not retry it. */
		public Failed leftToSender() {
			return new Failed(this.errorClass, this.message, this.handlerCalls, this.asyncErrors, false);
		}

		/**
		 * {@code ClassName: message}, cut to {@link #MAX_ERROR_LENGTH}, a NUL replaced by U+FFFD (PostgreSQL
		 * cannot store it in text).
		 */
		public String describe() {
			return ErrorText.bounded((this.message == null) ? this.errorClass : this.errorClass + ": " + this.message,
					MAX_ERROR_LENGTH);
		}

	}

}
