package io.taobus.observability;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.Outcome;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HandlerErrorLog} on a driven clock: what each failure logs, at which level, with its stack
 * trace and ids, and the rate limit of one line per handler and second with its "suppressed" line.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandlerErrorLogTests {

	static final long SECOND = 1_000_000_000L;

	static final HandlerInfo BOOK = new HandlerInfo(Trigram.of("invoice", "paid", null), HandlerKind.INLINE, "Books#book");

	static final HandlerInfo GUARD = new HandlerInfo(Trigram.of("invoice", null, null), HandlerKind.INTERCEPT, "Fraud#guard");

	static final HandlerInfo MAIL = new HandlerInfo(Trigram.of("invoice", "paid", null), HandlerKind.ASYNC, "Mailer#send");

	static final AppCon PAID = new AppCon(Trigram.of("invoice", "paid", "github"), Map.of("secret", "payload"), null,
			new DeliveryMetadata("github", "delivery-42", Instant.EPOCH, Map.of()));

	final AtomicLong clock = new AtomicLong(5 * SECOND);

	final HandlerErrorLog log = new HandlerErrorLog(this.clock::get);

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void inlineAndInterceptErrorsAtErrorWithStackTraceHandlerPatternAndDelivery(CapturedOutput output) {
		this.log.handlerFinished(BOOK, PAID, 1000, Outcome.ERROR, new IllegalStateException("ledger down"));
		MDC.put(DeliveryMetadata.MDC_KEY, "delivery-from-mdc");
		this.log.handlerFinished(GUARD, PAID, 1000, Outcome.ERROR, new IllegalArgumentException("no rules"));
		assertThat(output.getOut()).contains(
				"inline handler Books#book on invoice|paid|* failed for invoice|paid|github (delivery delivery-42):"
						+ " java.lang.IllegalStateException: ledger down",
				"intercept handler Fraud#guard on invoice|*|* failed for invoice|paid|github (delivery delivery-from-mdc):"
						+ " java.lang.IllegalArgumentException: no rules",
				"\tat io.taobus.observability.HandlerErrorLogTests.inlineAndInterceptErrorsAtErrorWithStackTrace")
			.doesNotContain("payload");
		assertThat(output.getOut().lines().filter((line) -> line.contains(" failed for "))).allMatch((line) -> line.contains("ERROR"));
	}

	@Test
	void swallowedAsyncErrorsAtWarnOnceWithStackTraceAndNothingForOtherOutcomes(CapturedOutput output) {
		this.log.handlerFinished(MAIL, PAID, 1000, Outcome.ERROR, new IllegalStateException("smtp down"));
		this.log.asyncErrorSwallowed(MAIL, PAID, new IllegalStateException("smtp down"));
		this.log.handlerFinished(BOOK, PAID, 1000, Outcome.SUCCESS, null);
		this.log.handlerFinished(GUARD, PAID, 1000, Outcome.HALTED, null);
		this.log.handlerFinished(GUARD, PAID, 1000, Outcome.DIVERTED, null);
		assertThat(output.getOut().lines().filter((line) -> line.contains("handler "))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN",
					"async handler Mailer#send on invoice|paid|* failed for invoice|paid|github (delivery delivery-42):"
							+ " java.lang.IllegalStateException: smtp down"));
		assertThat(output.getOut()).contains("\tat io.taobus.observability.HandlerErrorLogTests.swallowedAsyncErrors");
	}

	@Test
	void atMostOneLinePerHandlerAndSecondThenHowManyWereSuppressed(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			this.clock.addAndGet(SECOND / 10);
			this.log.handlerFinished(BOOK, PAID, 1000, Outcome.ERROR, new IllegalStateException("book " + i));
			this.log.asyncErrorSwallowed(MAIL, PAID, new IllegalStateException("mail " + i));
		}
		assertThat(output.getOut()).contains("book 0", "mail 0").doesNotContain("book 1", "book 4", "mail 4", "suppressed");
		this.clock.addAndGet(SECOND - 4 * SECOND / 10);
		this.log.handlerFinished(BOOK, PAID, 1000, Outcome.ERROR, new IllegalStateException("book 5"));
		assertThat(output.getOut()).contains("inline handler Books#book on invoice|paid|*: 4 more failures suppressed",
				"book 5").doesNotContain("Mailer#send on invoice|paid|*: 4 more");
		this.clock.addAndGet(SECOND / 2);
		this.log.handlerFinished(BOOK, PAID, 1000, Outcome.ERROR, new IllegalStateException("book 6"));
		this.clock.addAndGet(SECOND / 2);
		this.log.handlerFinished(BOOK, PAID, 1000, Outcome.ERROR, new IllegalStateException("book 7"));
		assertThat(output.getOut()).doesNotContain("book 6").contains("1 more failures suppressed", "book 7");
		this.log.asyncErrorSwallowed(MAIL, PAID, new IllegalStateException("mail 5"));
		assertThat(output.getOut()).contains("async handler Mailer#send on invoice|paid|*: 4 more failures suppressed",
				"mail 5");
	}

	@Test
	void cascadeDepthStopsWithTheirCount(CapturedOutput output) {
		AppCon loop = new AppCon(Trigram.of("loop", "a", "o"), null, null, null);
		for (int i = 0; i < 3; i++) {
			this.log.cascadeDepthExceeded(loop, 64);
		}
		assertThat(output.getOut()).contains("loop|a|o (delivery none) was dropped: its chain reached"
				+ " taobus.kernel.max-cascade-depth at depth 64; 1 dropped since startup, 0 of them not logged")
			.doesNotContain("3 dropped");
		this.clock.addAndGet(SECOND);
		this.log.cascadeDepthExceeded(loop, 64);
		assertThat(output.getOut()).contains("4 dropped since startup, 2 of them not logged");
	}

}
