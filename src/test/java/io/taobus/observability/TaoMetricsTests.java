package io.taobus.observability;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taobus.tao.AppCon;
import io.taobus.tao.Intercept;
import io.taobus.tao.Kernel;
import io.taobus.tao.KernelSaturatedException;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each kernel meter, fed by a real kernel, read from a {@link SimpleMeterRegistry}. */
class TaoMetricsTests {

	static final Trigram A = Trigram.of("A", "a", "o");

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final TaoMetrics metrics = new TaoMetrics(this.registry);

	Kernel kernel = Kernel.builder().listener(this.metrics).maxCascadeDepth(3).build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	void settle() {
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	@Test
	void handlerLatencyByKindPatternAndOutcome() {
		this.kernel.addInterceptHandler(Trigram.of("A", null, null), (ac) -> Intercept.proceed());
		this.kernel.addInlineHandler(A, (ac) -> null);
		this.kernel.addInterceptHandler(Trigram.of("B", "b", "o"), (ac) -> Intercept.halt());
		this.kernel.addInterceptHandler(Trigram.of("C", "c", "o"), (ac) -> Intercept.divert(AppCon.of(A, null)));
		this.kernel.addInlineHandler(Trigram.of("D", "d", "o"), (ac) -> {
			throw new IllegalStateException("inline");
		});
		for (String term : new String[] { "A", "B", "C", "D" }) {
			this.kernel.setCtx(Trigram.of(term, term.toLowerCase(), "o"), null);
		}
		settle();
		assertThat(count("intercept", "A|*|*", "success")).isEqualTo(2);
		assertThat(count("inline", "A|a|o", "success")).isEqualTo(2);
		assertThat(count("intercept", "B|b|o", "halted")).isEqualTo(1);
		assertThat(count("intercept", "C|c|o", "diverted")).isEqualTo(1);
		assertThat(count("inline", "D|d|o", "error")).isEqualTo(1);
		assertThat(this.registry.get("tao.handler.duration").tag("pattern", "A|a|o").tag("outcome", "success").timer()
			.takeSnapshot().percentileValues()).isNotNull();
		assertThat(this.metrics.counts(this.kernel.registrations().get(1))).containsExactly(2, 0);
	}

	long count(String kind, String pattern, String outcome) {
		return this.registry.get("tao.handler.duration").tag("kind", kind).tag("pattern", pattern).tag("outcome", outcome)
			.timer().count();
	}

	@Test
	void seriesBudgetPerRegisteredHandler() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		this.kernel = Kernel.builder().listener(new TaoMetrics(prometheus)).build();
		Trigram pattern = Trigram.of("I", null, null);
		this.kernel.addInterceptHandler(pattern, "Guard#check", (ac) -> switch (ac.action()) {
			case "halt" -> Intercept.halt();
			case "divert" -> Intercept.divert(AppCon.of(Trigram.of("X", "x", "o"), null));
			case "refuse" -> throw new IllegalStateException("intercept");
			default -> Intercept.proceed();
		});
		this.kernel.addInlineHandler(pattern, "Books#book", (ac) -> {
			if (ac.action().equals("fail")) {
				throw new IllegalStateException("inline");
			}
			return null;
		});
		RuntimeException[] errors = { new IllegalStateException(), new IllegalArgumentException(),
				new UnsupportedOperationException(), new ArithmeticException(), new NullPointerException(),
				new IndexOutOfBoundsException(), new ArrayStoreException(), new ClassCastException(),
				new NegativeArraySizeException(), new SecurityException(), new java.util.NoSuchElementException(),
				new java.util.ConcurrentModificationException() };
		this.kernel.addAsyncHandler(pattern, "Mailer#send", (ac) -> {
			int index = (Integer) ac.termData();
			if (index < errors.length) {
				throw errors[index];
			}
			return null;
		});
		for (String action : new String[] { "go", "halt", "divert", "refuse", "fail" }) {
			this.kernel.setCtx(Trigram.of("I", action, "o"), errors.length);
		}
		for (int i = 0; i < errors.length; i++) {
			this.kernel.setCtx(Trigram.of("I", "go", "o"), i);
		}
		settle();
		String scrape = prometheus.scrape();
		assertThat(HandlerMeters.SERIES_PER_TIMER).isEqualTo(HandlerMeters.BUCKETS.length + 4);
		// every outcome each kind can produce today (an intercept's 5th, timeout, would make 100)
		assertThat(series(scrape, "Guard#check")).isEqualTo(4 * HandlerMeters.SERIES_PER_TIMER).isLessThanOrEqualTo(100);
		assertThat(series(scrape, "Books#book")).isEqualTo(2 * HandlerMeters.SERIES_PER_TIMER);
		// two timers and at most 8 exception classes plus "other" for 12 classes thrown
		assertThat(series(scrape, "Mailer#send")).isEqualTo(2 * HandlerMeters.SERIES_PER_TIMER + 9);
		assertThat(scrape).contains("tao_async_errors_swallowed_total{exception=\"other\",handler=\"Mailer#send\",pattern=\"I|*|*\"} 4")
			.doesNotContainPattern("handler=\"(Books#book|Mailer#send)\",outcome=\"(halted|diverted)\"")
			.contains("tao_handler_duration_seconds_bucket{handler=\"Books#book\",kind=\"inline\",outcome=\"success\",pattern=\"I|*|*\",le=\"1.0E-6\"}");
	}

	static long series(String scrape, String handler) {
		return scrape.lines().filter((line) -> !line.startsWith("#") && line.contains("handler=\"" + handler + "\"")).count();
	}

	@Test
	void swallowedErrorsByPatternAndException() {
		this.kernel.addAsyncHandler(Trigram.of("User", "Find", "Portal"), (ac) -> {
			throw new IllegalStateException("I can't find Users now!");
		});
		this.kernel.setCtx(Trigram.of("User", "Find", "Portal"), null);
		this.kernel.setCtx(Trigram.of("User", "Find", "Portal"), null);
		settle();
		assertThat(this.registry.get("tao.async.errors.swallowed").tag("pattern", "User|Find|Portal")
			.tag("exception", "IllegalStateException").counter().count()).isEqualTo(2);
		assertThat(count("async", "User|Find|Portal", "error")).isEqualTo(2);
	}

	@Test
	void dispatchedRejectedDepthAndCascadeDuration() throws Exception {
		this.kernel = Kernel.builder().listener(this.metrics).maxCascadeDepth(2).maxPendingDispatches(1).build();
		CountDownLatch release = new CountDownLatch(1);
		this.kernel.addInlineHandler(Trigram.of("slow", "a", "o"), (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.addInlineHandler(A, (ac) -> ac);
		this.kernel.setCtx(Trigram.of("slow", "a", "o"), null);
		assertThatThrownBy(() -> this.kernel.setCtx(A, null)).isInstanceOf(KernelSaturatedException.class);
		release.countDown();
		settle();
		this.kernel.setCtx(A, null);
		settle();
		this.kernel.setCtx(Trigram.of("nobody", "a", "o"), null);
		settle();
		assertThat(this.registry.get("tao.dispatch.rejected").tag("reason", "saturated").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("tao.cascade.depth.exceeded").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("tao.appcons.dispatched").tag("matched", "true").counter().count()).isEqualTo(4);
		assertThat(this.registry.get("tao.appcons.dispatched").tag("matched", "false").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("tao.cascade.duration").timer().count()).isEqualTo(3);
		this.kernel.close();
		assertThatThrownBy(() -> this.kernel.setCtx(A, null)).isInstanceOf(KernelSaturatedException.class);
		assertThat(this.registry.get("tao.dispatch.rejected").tag("reason", "closed").counter().count()).isEqualTo(1);
	}

	@Test
	void gaugesFollowTheQueues() throws Exception {
		this.kernel = Kernel.builder().listener(this.metrics).maxAsyncConcurrency(1).build();
		new TaoGauges(this.kernel).bindTo(this.registry);
		CountDownLatch release = new CountDownLatch(1);
		this.kernel.addAsyncHandler(A, (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.addAsyncHandler(A, (ac) -> null);
		this.kernel.addInlineHandler(A, (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		this.kernel.setCtx(A, null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.get("tao.async.queue.depth").gauge().value() == 1);
		assertThat(this.registry.get("tao.async.active").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("tao.dispatch.pending").gauge().value()).isEqualTo(1);
		release.countDown();
		settle();
		assertThat(this.registry.get("tao.async.queue.depth").gauge().value()).isZero();
		assertThat(this.registry.get("tao.dispatch.pending").gauge().value()).isZero();
	}

}
