package io.taobus.observability;

import java.util.List;

import io.taobus.inbox.CallTally;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.Kernel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/tao}: every registration (pattern, phase, handler name) with its live call and
 * error counts, its calls waiting on the ledger (retrying, dead; from the reading the
 * {@link InboxCallGauges} share, null when the ledger cannot be read now), and the kernel's queue figures.
 */
@Endpoint(id = "tao")
final class TaoEndpoint {

	private final Kernel kernel;

	private final TaoMetrics metrics;

	private final InboxCallGauges ledger;

	TaoEndpoint(Kernel kernel, TaoMetrics metrics, InboxCallGauges ledger) {
		this.kernel = kernel;
		this.metrics = metrics;
		this.ledger = ledger;
	}

	@ReadOperation
	Bus bus() {
		List<Handler> handlers = this.kernel.registrations().stream().map(this::handler).toList();
		return new Bus(this.kernel.pendingDispatches(), this.kernel.asyncQueueDepth(), this.kernel.activeAsync(),
				this.kernel.isClosed(), handlers);
	}

	private Handler handler(HandlerInfo info) {
		long[] counts = this.metrics.counts(info);
		CallTally tally = this.ledger.tally(info.name(), info.kind().tag());
		return new Handler(info.pattern().toString(), info.kind().tag(), info.name(), counts[0], counts[1],
				(tally != null) ? tally.retrying() : null, (tally != null) ? tally.dead() : null);
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
	 * @param retrying its calls on the ledger waiting for a retry; null when the ledger cannot be read now
	 * @param dead its calls on the ledger given up and not run again since; null likewise
	 */
	record Handler(String pattern, String kind, String name, long calls, long errors, @Nullable Long retrying,
			@Nullable Long dead) {
	}

}
