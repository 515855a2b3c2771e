package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * The recording of a cascade: the key its {@link CallId}s derive from and the {@link CallRecorder} told
 * of each call. Kept by the cascade's {@link Completion}; a cascade without one pays a null check per call.
 */
record Recording(String key, CallRecorder recorder) {

	/** A recording when both a key and a recorder are given, else none. */
	static @Nullable Recording of(@Nullable String key, @Nullable CallRecorder recorder) {
		return (key != null && recorder != null) ? new Recording(key, recorder) : null;
	}

	/** The hop of a cascade's entry AppCon. */
	static final String ROOT = "0";

	CallId id(String hop, Registration registration) {
		return CallId.of(this.key, hop, registration.info().name());
	}

	void called(CallId id, String hop, AppCon appCon, Registration registration, Outcome outcome, long nanos,
			@Nullable Throwable error) {
		try {
			this.recorder.called(new HandlerCall(id, hop, appCon, registration.info(), outcome, nanos, error,
					registration.retries()));
		}
		catch (RuntimeException ex) {
			// a recorder must never break a dispatch
		}
	}

}
