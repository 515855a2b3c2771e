package io.taobus.ingestion;

/**
 * A request's response that its {@link ResponseEncoder} could not write (data of a type JSON cannot
 * hold): the caller gets a 500 that says so, and nothing is recorded.
 */
public final class UnencodableResponseException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	UnencodableResponseException(String trigram, RuntimeException cause) {
		super("the response " + trigram + " cannot be encoded: " + cause.getMessage(), cause);
	}

}
