package io.taobus.observability;

import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.KernelListener;
import io.taobus.webhook.DeliveryMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs each swallowed async error once, at WARN, with the handler, its pattern, the AppCon's trigram
 * and the delivery that caused it, and never the payload: the line runs on the async handler's
 * thread, where the delivery's trace and MDC context were propagated.
 */
public final class SwallowedErrorLog implements KernelListener {

	private static final Logger logger = LoggerFactory.getLogger(SwallowedErrorLog.class);

	@Override
	public void asyncErrorSwallowed(HandlerInfo handler, AppCon appCon, Throwable error) {
		String delivery = MDC.get(DeliveryMetadata.MDC_KEY);
		if (delivery == null && appCon.orientData() instanceof DeliveryMetadata metadata) {
			delivery = metadata.deliveryId();
		}
		logger.warn("Async handler {} on {} failed for {} (delivery {}); the error was swallowed: {}", handler.name(),
				handler.pattern(), appCon.trigram(), (delivery != null) ? delivery : "none", error.toString());
	}

}
