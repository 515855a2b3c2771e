package io.taobus.observability;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.taobus.ingestion.IngestionListener;
import io.taobus.ingestion.IngestionOutcome;
import io.taobus.tao.Trigram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a delivery that matched no handler seen in the log, rather than completed in silence: a WARN
 * naming the source, the delivery id and its trigram, and where to look (the registered patterns, the
 * handler packages). An unhandled event type a sender keeps sending would flood the log, so a source
 * logs at most one line a minute, which says how many of its unhandled deliveries went unlogged
 * meanwhile; {@code taobus.deliveries.unhandled} counts them all ({@link IngestionMetrics}).
 */
public final class UnhandledDeliveryLog implements IngestionListener {

	private static final Logger logger = LoggerFactory.getLogger(UnhandledDeliveryLog.class);

	private final LogLimiter limiter;

	public UnhandledDeliveryLog(LongSupplier nanoClock) {
		this.limiter = new LogLimiter(nanoClock, Duration.ofMinutes(1));
	}

	@Override
	public void ingested(String source, IngestionOutcome outcome, long nanos) {
	}

	@Override
	public void unhandled(String source, Trigram mapping, Trigram trigram, String deliveryId) {
		// the key is a configured source name (or api): a bounded set
		long suppressed = this.limiter.permit(source);
		if (suppressed != LogLimiter.DROP) {
			String unlogged = (suppressed > 0) ? "; " + suppressed + " more unhandled deliveries of source " + source
					+ " were not logged (at most one line a minute)" : "";
			logger.warn("Delivery {}/{} ({}) matched no TAO handler: it completed with handlerCalls 0. Is a handler"
					+ " registered for it (the startup list 'TAO handlers registered', /actuator/tao), its pattern spelled"
					+ " as the source maps the delivery, its package in taobus.handlers.packages?{}", source, deliveryId,
					trigram, unlogged);
		}
	}

}
