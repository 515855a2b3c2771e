package io.taobus.tao;

/**
 * Thrown by {@link Kernel#setAppCon} and {@link Kernel#dispatch} once {@link Kernel#close()} has begun:
 * a closed kernel is saturated for good. It also ends, exceptionally, the stage of a watched cascade
 * that was still running when the close timeout passed. It is a {@link KernelSaturatedException} so that {@code setAppCon} keeps one
 * failure type besides argument errors; an HTTP front answers it with 503 rather than 429.
 */
public final class KernelClosedException extends KernelSaturatedException {

	private static final long serialVersionUID = 1L;

	public KernelClosedException() {
		super("the TAO kernel is closed and admits no new AppCon");
	}

	public KernelClosedException(String message) {
		super(message);
	}

}
