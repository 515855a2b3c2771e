package io.taobus.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.taobus.handler.TaoInline;
import io.taobus.tao.AppCon;
import io.taobus.webhook.provider.Signatures;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** What the end-to-end tests share: a settable clock, a handler that records every AppCon, signing. */
final class E2eSupport {

	private E2eSupport() {
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	static byte[] hmac(String key, String... parts) {
		byte[][] bytes = new byte[parts.length][];
		for (int i = 0; i < parts.length; i++) {
			bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
		}
		return Signatures.hmacSha256(key.getBytes(StandardCharsets.UTF_8), bytes);
	}

	/** A clock the tests set to a vector's timestamp. */
	static final class TestClock extends Clock {

		private volatile Instant now = Instant.now();

		void set(long epochSecond) {
			this.now = Instant.ofEpochSecond(epochSecond);
		}

		void reset() {
			this.now = Instant.now();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	/** One AppCon as a handler saw it. */
	record Seen(AppCon appCon, boolean virtualThread) {
	}

	/** Records every concrete AppCon: registered under *|*|*. */
	static final class Recording {

		final List<Seen> seen = new CopyOnWriteArrayList<>();

		@TaoInline
		void record(AppCon appCon) {
			this.seen.add(new Seen(appCon, Thread.currentThread().isVirtual()));
		}

		List<Seen> of(String term) {
			return this.seen.stream().filter((s) -> s.appCon().term().equals(term)).toList();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock();
		}

		@Bean
		Recording recording() {
			return new Recording();
		}

	}

}
