package io.taobus.bench.handlers;

import java.util.concurrent.atomic.LongAdder;

import io.taobus.handler.TaoAsync;
import io.taobus.handler.TaoInline;
import io.taobus.tao.AppCon;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The handlers bench/load.sh adds to the packaged taobus (through {@code -Dloader.path}, as the kill
 * tests do): a matched inline and a matched async handler for every {@code push}, so that a delivery
 * costs what a real one does — its row stored, two virtual threads, a trace, its completion written
 * back to the inbox.
 */
@Component
@ConditionalOnProperty("bench.handlers")
public class BenchHandlers {

	private final LongAdder inline = new LongAdder();

	private final LongAdder async = new LongAdder();

	@TaoInline(term = "push")
	public void inline(AppCon appCon) {
		this.inline.increment();
	}

	@TaoAsync(term = "push")
	public void async(AppCon appCon) {
		this.async.increment();
	}

}
