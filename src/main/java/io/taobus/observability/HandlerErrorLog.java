package io.taobus.observability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.taobus.ingestion.DeliveryMetadata;
import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.KernelListener;
import io.taobus.tao.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * Makes handler failures findable in the log: an inline or intercept error (or timeout), which fails
 * its delivery, at ERROR; a swallowed async error at WARN; each with its stack trace, handler, pattern,
 * the AppCon's trigram and the delivery id, and never the payload. The lines run on the handler's
 * thread, where the delivery's trace id and {@code taobus.delivery} are in the MDC. A failing handler
 * logs at most one line per second; the next line it may log is preceded by how many were suppressed
 * meanwhile ({@code tao.handler.duration} counts every call). Calls stopped at the cascade depth are
 * logged the same way, with their running total.
 */
public final class HandlerErrorLog implements KernelListener {

	private static final Logger logger = LoggerFactory.getLogger(HandlerErrorLog.class);

	private static final Object DEPTH = new Object();

	private final LogLimiter limiter;

	private final AtomicLong depthExceeded = new AtomicLong();

	public HandlerErrorLog(LongSupplier nanoClock) {
		this.limiter = new LogLimiter(nanoClock, Duration.ofSeconds(1));
	}

	@Override
	public void handlerFinished(HandlerInfo handler, AppCon appCon, long nanos, Outcome outcome, @Nullable Throwable error) {
		// async failures are reported once more, as swallowed, and logged there
		if (handler.kind() != HandlerKind.ASYNC && HandlerMeters.isFailure(outcome)) {
			log(Level.ERROR, handler, appCon, outcome.tag() + " (the delivery fails)", error);
		}
	}

	@Override
	public void asyncErrorSwallowed(HandlerInfo handler, AppCon appCon, Throwable error) {
		log(Level.WARN, handler, appCon, "error swallowed", error);
	}

	@Override
	public void cascadeDepthExceeded(AppCon appCon, int depth) {
		long total = this.depthExceeded.incrementAndGet();
		long suppressed = this.limiter.permit(DEPTH);
		if (suppressed != LogLimiter.DROP) {
			logger.warn("{} (delivery {}) was dropped: its chain reached taobus.kernel.max-cascade-depth at depth {};"
					+ " {} dropped since startup, {} of them not logged", appCon.trigram(), delivery(appCon), depth,
					total, suppressed);
		}
	}

	private void log(Level level, HandlerInfo handler, AppCon appCon, String what, @Nullable Throwable error) {
		long suppressed = this.limiter.permit(handler);
		if (suppressed == LogLimiter.DROP) {
			return;
		}
		if (suppressed > 0) {
			logger.atLevel(level).log("{} handler {} on {}: {} more failures suppressed (at most one logged per second)",
					handler.kind().tag(), handler.name(), handler.pattern(), suppressed);
		}
		logger.atLevel(level)
			.setCause(error)
			.log("{} handler {} on {} failed for {} (delivery {}): {}", handler.kind().tag(), handler.name(),
					handler.pattern(), appCon.trigram(), delivery(appCon), (error != null) ? error.toString() : what);
	}

	private static String delivery(AppCon appCon) {
		String delivery = MDC.get(DeliveryMetadata.MDC_KEY);
		if (delivery == null && appCon.orientData() instanceof DeliveryMetadata metadata) {
			delivery = metadata.deliveryId();
		}
		return (delivery != null) ? delivery : "none";
	}

}
