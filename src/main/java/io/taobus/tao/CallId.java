package io.taobus.tao;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The stable identity of one handler call of a recorded cascade: a hash of the cascade's key (for a
 * delivery, its source and id), the hop's path in the cascade and the handler's name, so that it is the
 * same on every rerun of the call and a handler can use it as an idempotency key towards the systems it
 * changes. A handler reads it with {@link #current()} on the thread that runs it (or takes a
 * {@code CallId} parameter in an annotated handler); outside a recorded cascade there is none.
 *
 * @param value 32 lowercase hex digits
 */
public record CallId(String value) {

	private static final ScopedValue<CallId> CURRENT = ScopedValue.newInstance();

	private static final HexFormat HEX = HexFormat.of();

	private static final MessageDigest SHA_256 = sha256();

	public CallId {
		Objects.requireNonNull(value, "value");
		if (value.length() != 32) {
			throw new IllegalArgumentException("a call id has 32 hex digits, was '" + value + "'");
		}
	}

	/**
	 * The id of the handler call running on the current thread.
	 * @return the id, or {@code null} outside a handler call of a recorded cascade
	 */
	public static @Nullable CallId current() {
		return CURRENT.isBound() ? CURRENT.get() : null;
	}

	/** The id of a call: the first 128 bits of SHA-256 over the key, the hop and the handler's name. */
	static CallId of(String key, String hop, String handler) {
		MessageDigest digest;
		try {
			// a clone of an unused prototype spares each call the provider lookup of getInstance
			digest = (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("the JDK's SHA-256 can be cloned", ex);
		}
		digest.update(key.getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
		digest.update(hop.getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
		digest.update(handler.getBytes(StandardCharsets.UTF_8));
		return new CallId(HEX.formatHex(digest.digest(), 0, 16));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/** Runs a handler with this id bound as {@link #current()}. */
	<R> R bind(ScopedValue.CallableOp<R, Exception> call) throws Exception {
		return ScopedValue.where(CURRENT, this).call(call);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
