package io.taobus.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.taobus.tao.Kernel;

/**
 * The kernel's queues as gauges: async calls waiting for a slot, async calls running, AppCons in
 * flight and their admission limit, the request bytes in flight and their limit, so that saturation is {@code tao_dispatch_pending / tao_dispatch_limit}
 * (a signal for an autoscaler; readiness ignores it). A binder apart from {@link TaoMetrics}, since the
 * gauges read the kernel that the listener must exist before.
 */
public final class TaoGauges implements MeterBinder {

	private final Kernel kernel;

	public TaoGauges(Kernel kernel) {
		this.kernel = kernel;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("tao.async.queue.depth", this.kernel, Kernel::asyncQueueDepth)
			.description("Async handler calls waiting for a slot (taobus.kernel.max-async-concurrency)")
			.register(registry);
		Gauge.builder("tao.async.active", this.kernel, Kernel::activeAsync)
			.description("Async handler calls running")
			.register(registry);
		Gauge.builder("tao.dispatch.pending", this.kernel, Kernel::pendingDispatches)
			.description("AppCons admitted or chained whose dispatch has not ended")
			.register(registry);
		Gauge.builder("tao.dispatch.limit", this.kernel, Kernel::maxPendingDispatches)
			.description("AppCons in flight above which new ones get 429 (taobus.kernel.max-pending-dispatches)")
			.register(registry);
		Gauge.builder("tao.inflight.bytes", this.kernel, Kernel::inflightBytes)
			.description("Request bodies whose cascades are still running")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("tao.inflight.bytes.limit", this.kernel, Kernel::maxInflightBytes)
			.description("Bytes in flight above which new deliveries get 429 (taobus.kernel.max-inflight-bytes; 0: none)")
			.baseUnit("bytes")
			.register(registry);
	}

}
