package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * The recording of a cascade: the key its {@link CallId}s derive from, the {@link CallRecorder} told of
 * each call, and the calls of earlier runs to skip ({@link PriorCalls}), asked of the recorder once. Kept
 * by the cascade's {@link Completion}; a cascade without one pays a null check per call, and one without
 * prior calls another.
 */
record Recording(String key, CallRecorder recorder, @Nullable PriorCalls priors) {

	Recording(String key, CallRecorder recorder) {
		this(key, recorder, priorsOf(recorder));
	}

	/** A recording when both a key and a recorder are given, else none. */
	static @Nullable Recording of(@Nullable String key, @Nullable CallRecorder recorder) {
		return (key != null && recorder != null) ? new Recording(key, recorder) : null;
	}

	/** The hop of a cascade's entry AppCon. */
	static final String ROOT = "0";

	CallId id(String hop, Registration registration) {
		return CallId.of(this.key, hop, registration.info().name());
	}

	/** What the call returned in an earlier run, when it is to be skipped; else null (it runs). */
	@Nullable PriorCall prior(CallId id) {
		PriorCalls priors = this.priors;
		if (priors == null) {
			return null;
		}
		try {
			return priors.prior(id);
		}
		catch (RuntimeException ex) {
			return null; // a lookup must never break a dispatch: the call runs
		}
	}

	void called(CallId id, String hop, AppCon appCon, Registration registration, Outcome outcome, long nanos,
			@Nullable Throwable error, @Nullable Object returned) {
		try {
			this.recorder.called(new HandlerCall(id, hop, appCon, registration.info(), outcome, nanos, error,
					registration.retries(), returned));
		}
		catch (RuntimeException ex) {
			// a recorder must never break a dispatch
		}
	}

	void skipped(CallId id, String hop, AppCon appCon, Registration registration, @Nullable Object returned) {
		try {
			this.recorder.skipped(new HandlerCall(id, hop, appCon, registration.info(), outcomeOf(returned), 0, null,
					registration.retries(), returned));
		}
		catch (RuntimeException ex) {
			// a recorder must never break a dispatch
		}
	}

	/** How a call that returned this ended: an intercept's halt or divert, else success. */
	static Outcome outcomeOf(@Nullable Object returned) {
		return switch (returned) {
			case Intercept.Halt _ -> Outcome.HALTED;
			case Intercept.Divert _ -> Outcome.DIVERTED;
			case null, default -> Outcome.SUCCESS;
		};
	}

	private static @Nullable PriorCalls priorsOf(CallRecorder recorder) {
		try {
			return recorder.priorCalls();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
