package io.taobus.observability;

import java.util.List;

import io.taobus.tao.HandlerInfo;
import io.taobus.tao.Kernel;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/tao}: every registration (pattern, phase, handler name) with its live call and
 * error counts, and the kernel's queue figures.
 */
@Endpoint(id = "tao")
final class TaoEndpoint {

	private final Kernel kernel;

	private final TaoMetrics metrics;

	TaoEndpoint(Kernel kernel, TaoMetrics metrics) {
		this.kernel = kernel;
		this.metrics = metrics;
	}

	@ReadOperation
	Bus bus() {
		List<Handler> handlers = this.kernel.registrations().stream().map(this::handler).toList();
		return new Bus(this.kernel.pendingDispatches(), this.kernel.asyncQueueDepth(), this.kernel.activeAsync(),
				this.kernel.isClosed(), handlers);
	}

	private Handler handler(HandlerInfo info) {
		long[] counts = this.metrics.counts(info);
		return new Handler(info.pattern().toString(), info.kind().tag(), info.name(), counts[0], counts[1]);
	}

	/**
	 * The bus at a glance.
	 * @param pendingDispatches AppCons in flight
	 * @param asyncQueueDepth async calls waiting
	 * @param activeAsync async calls running
	 * @param closed whether the kernel is closing
	 * @param handlers the registrations in registration order
	 */
	record Bus(int pendingDispatches, int asyncQueueDepth, int activeAsync, boolean closed, List<Handler> handlers) {
	}

	/**
	 * One registration.
	 * @param pattern the registered pattern
	 * @param kind intercept, async or inline
	 * @param name the handler's name
	 * @param calls calls since startup
	 * @param errors calls that failed: threw or timed out
	 */
	record Handler(String pattern, String kind, String name, long calls, long errors) {
	}

}
