package io.taobus.tao;

/**
 * Thrown by {@link Kernel#setAppCon} when the kernel admits no new AppCon: too many are in flight
 * ({@code maxPendingDispatches}), so that an HTTP front can answer 429 and the sender retries. It is
 * thrown at once, before anything is dispatched, so the refused AppCon is not half-processed.
 */
public class KernelSaturatedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public KernelSaturatedException(String message) {
		super(message, null, false, false);
	}

}
