package io.taobus.tao;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many watched cascades at once, with async hops, errors and fan-out: each stage completes exactly
 * once, after every handler of its own cascade (and of no other) has finished, with its own counts.
 */
class KernelCompletionConcurrencyTests {

	static final Trigram ENTRY = Trigram.of("order", "placed", "shop");

	static final Trigram HOP = Trigram.of("invoice", "issued", "shop");

	static final Trigram LEAF = Trigram.of("mail", "sent", "shop");

	static final int CASCADES = 4_000;

	final Kernel kernel = Kernel.builder().maxPendingDispatches(100_000).maxAsyncConcurrency(64).build();

	/** Handler calls done per cascade id, counted inside the handlers before they return. */
	final Map<Integer, AtomicInteger> done = new ConcurrentHashMap<>();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(10));
	}

	private void ran(AppCon appCon) {
		this.done.computeIfAbsent((Integer) appCon.termData(), (id) -> new AtomicInteger()).incrementAndGet();
	}

	@Test
	void everyStageCompletesOnceWithItsOwnCounts() throws Exception {
		// ENTRY: inline -> HOP, async -> LEAF (an async hop), async failing on odd ids
		this.kernel.addInlineHandler(ENTRY, "entry-inline", (ac) -> {
			ran(ac);
			return AppCon.of(HOP, ac.termData());
		});
		this.kernel.addAsyncHandler(ENTRY, "entry-async", (ac) -> {
			ran(ac);
			return AppCon.of(LEAF, ac.termData());
		});
		this.kernel.addAsyncHandler(ENTRY, "entry-flaky", (ac) -> {
			ran(ac);
			if ((Integer) ac.termData() % 2 == 1) {
				throw new IllegalStateException("odd");
			}
			return null;
		});
		this.kernel.addInlineHandler(HOP, "hop-inline", (ac) -> {
			ran(ac);
			return AppCon.of(LEAF, ac.termData());
		});
		this.kernel.addAsyncHandler(LEAF, "leaf-async", (ac) -> {
			ran(ac);
			Thread.yield();
			return null;
		});
		// per cascade: entry-inline, entry-async, entry-flaky, hop-inline, leaf-async twice = 6 calls
		List<String> wrong = new CopyOnWriteArrayList<>();
		AtomicInteger completions = new AtomicInteger();
		List<CompletableFuture<CascadeResult>> stages = new CopyOnWriteArrayList<>();
		try (ExecutorService callers = Executors.newFixedThreadPool(4)) {
			List<Future<?>> submitted = new java.util.ArrayList<>();
			for (int caller = 0; caller < 4; caller++) {
				int first = caller;
				submitted.add(callers.submit(() -> {
					for (int id = first; id < CASCADES; id += 4) {
						int cascade = id;
						CompletableFuture<CascadeResult> stage = this.kernel
							.dispatch(AppCon.of(ENTRY, cascade), System.nanoTime(), UnaryOperator.identity())
							.toCompletableFuture();
						stage.thenAccept((result) -> {
							completions.incrementAndGet();
							int expectedErrors = cascade % 2;
							int doneNow = this.done.get(cascade).get();
							if (!result.equals(new CascadeResult(6, expectedErrors, null)) || doneNow != 6) {
								wrong.add(cascade + ": " + result + " with " + doneNow + " calls done");
							}
						});
						stages.add(stage);
					}
				}));
			}
			for (Future<?> future : submitted) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(30))).isTrue();
		assertThat(wrong).isEmpty();
		assertThat(stages).hasSize(CASCADES);
		assertThat(completions).hasValue(CASCADES);
		assertThat(this.done).hasSize(CASCADES).allSatisfy((id, count) -> assertThat(count).hasValue(6));
	}

}
