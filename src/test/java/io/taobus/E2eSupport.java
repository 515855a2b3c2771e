package io.taobus;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.taobus.handler.TaoInline;
import io.taobus.inbox.MutableClock;
import io.taobus.tao.AppCon;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What the end-to-end tests of the webhook and API packages share: a settable clock, a handler that
 * records every AppCon, and signing with {@code javax.crypto} (never with the code under test).
 */
public final class E2eSupport {

	private E2eSupport() {
	}

	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	/** The HMAC-SHA256 of the parts, one after the other, under a UTF-8 key. */
	public static byte[] hmac(String key, String... parts) {
		return hmac(key.getBytes(StandardCharsets.UTF_8), parts);
	}

	/** The HMAC-SHA256 of a body under a UTF-8 key. */
	public static byte[] hmac(String key, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The HMAC-SHA256 of the parts, one after the other, under a key. */
	public static byte[] hmac(byte[] key, String... parts) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			for (String part : parts) {
				mac.update(part.getBytes(StandardCharsets.UTF_8));
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One AppCon as a handler saw it.
	 * @param appCon the AppCon
	 * @param virtualThread whether the handler ran on a virtual thread
	 */
	public record Seen(AppCon appCon, boolean virtualThread) {
	}

	/** Records every concrete AppCon: registered under *|*|*. */
	public static final class Recording {

		public final List<Seen> seen = new CopyOnWriteArrayList<>();

		@TaoInline
		void record(AppCon appCon) {
			this.seen.add(new Seen(appCon, Thread.currentThread().isVirtual()));
		}

		public List<Seen> of(String term) {
			return this.seen.stream().filter((s) -> s.appCon().term().equals(term)).toList();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(Instant.now());
		}

		@Bean
		Recording recording() {
			return new Recording();
		}

	}

}
