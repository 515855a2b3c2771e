package io.taobus.tao;

/**
 * Thrown by an async handler whose failure no retry can mend (a payload it will never accept, a
 * resource that is gone): the call is dead at once instead of retried ({@link AsyncRetries}). Found as
 * the error or any of its causes.
 */
public class NonRetryableException extends RuntimeException {

	public NonRetryableException(String message) {
		super(message);
	}

	public NonRetryableException(String message, Throwable cause) {
		super(message, cause);
	}

}
