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

	private final String tag = name().toLowerCase(java.util.Locale.ROOT);

	/** The lower-case name used in metric tags; made once, as it is asked for at every handler call reported. */
	public String tag() {
		return this.tag;
	}

}
