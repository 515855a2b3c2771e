package io.taobus.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * What the inbox stores of an error, in one place for the deliveries and the ledger of calls: text cut
 * to a bound and fit for any database, and a fingerprint of where it was thrown, so that the failures of
 * one bug group together whatever their messages.
 */
final class ErrorText {

	/** The longest error text stored; a longer one is cut. */
	static final int MAX_LENGTH = 1000;

	/** The frames of a stack its fingerprint covers. */
	static final int FRAMES = 5;

	private ErrorText() {
	}

	/** The text cut to {@code max} characters, a NUL replaced by U+FFFD (PostgreSQL cannot store it in text). */
	static String bounded(String text, int max) {
		String cleaned = text.replace('\u0000', '\uFFFD');
		return (cleaned.length() <= max) ? cleaned : cleaned.substring(0, max);
	}

	static @Nullable String boundedOrNull(@Nullable String text, int max) {
		return (text != null) ? bounded(text, max) : null;
	}

	/**
	 * 16 hex digits of SHA-256 over the error's class and the class and method of its top
	 * {@value #FRAMES} frames: no line numbers, so that an unrelated edit of the file keeps it.
	 */
	static String fingerprint(Throwable error) {
		StringBuilder text = new StringBuilder(error.getClass().getName());
		StackTraceElement[] stack = error.getStackTrace();
		for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
			text.append('\n').append(stack[i].getClassName()).append('#').append(stack[i].getMethodName());
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

}
