package io.taobus.bench.handlers;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.taobus.handler.TaoAsync;
import io.taobus.handler.TaoInline;
import io.taobus.handler.TaoResponse;
import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.AppCon;
import io.taobus.tao.Trigram;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The handlers bench/load.sh adds to the packaged taobus (through {@code -Dloader.path}, as the kill
 * tests do): a matched inline and a matched async handler for every {@code push}, so that a delivery
 * costs what a real one does — its row stored, two virtual threads, a trace, its completion written
 * back to the inbox. The inline one also records every delivery id it ran, and {@code GET /bench/runs}
 * tells how many ran and how many of them ran more than once (with {@link #quote}, the request/response
 * twin of the inline one): the load bench's exactness check, counted
 * by a handler rather than read from the inbox's {@code attempts}.
 */
@RestController
@ConditionalOnProperty("bench.handlers")
public class BenchHandlers {

	private static final Trigram GIVEN = Trigram.of("Quote", "Given", "Bench");

	private final Set<String> ran = ConcurrentHashMap.newKeySet();

	private final LongAdder twice = new LongAdder();

	private final LongAdder async = new LongAdder();

	@TaoInline(term = "push")
	public void inline(AppCon appCon) {
		ran(appCon);
	}

	/** Counts a delivery's run, and a second run of the same delivery (its source and id) as twice. */
	private void ran(AppCon appCon) {
		if (appCon.orientData() instanceof DeliveryMetadata delivery
				&& !this.ran.add(delivery.source() + "/" + delivery.deliveryId())) {
			this.twice.increment();
		}
	}

	@TaoAsync(term = "push")
	public void async(AppCon appCon) {
		this.async.increment();
	}

	/**
	 * The request/response twin of {@link #inline}: {@code POST /tao/context} with {@code Quote Ask Bench}
	 * does the same work and answers with {@code Quote Given Bench} (bench/context.sh).
	 */
	@TaoInline(term = "Quote", action = "Ask", orient = "Bench")
	@TaoResponse
	public AppCon quote(AppCon appCon) {
		ran(appCon);
		return AppCon.of(GIVEN, appCon.termData());
	}

	@TaoAsync(term = "Quote", action = "Ask", orient = "Bench")
	public void quoteAsync(AppCon appCon) {
		this.async.increment();
	}

	@GetMapping("/bench/runs")
	Map<String, Long> runs() {
		return Map.of("deliveries", (long) this.ran.size(), "runTwice", this.twice.sum(), "async", this.async.sum());
	}

}
