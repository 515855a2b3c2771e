package io.taobus.tao;

/** How one handler call ended, as reported to {@link KernelListener#handlerFinished}. */
public enum Outcome {

	/** Returned normally; for an intercept, decided to proceed. */
	SUCCESS,
	/** Threw an exception. */
	ERROR,
	/** An intercept that halted the dispatch. */
	HALTED,
	/** An intercept that diverted the dispatch to another AppCon. */
	DIVERTED,
	/** Ran past its timeout and was interrupted (see {@link KernelBuilder#handlerTimeout}). */
	TIMEOUT;

	/** The lower-case name used in metric tags. */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
