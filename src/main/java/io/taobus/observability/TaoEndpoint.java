package io.taobus.observability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.taobus.inbox.HandlerFigures;
import io.taobus.inbox.Inbox;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.Kernel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/tao}: every registration (pattern, phase, handler name) with its live call and
 * error counts and its calls on the ledger, and the kernel's queue figures. The ledger's figures are the
 * read of {@code GET /tao/handlers} ({@link Inbox#handlerFigures()}), made as a {@link DetachedRead}: a
 * client that gives up cannot interrupt it inside the JDBC driver, and a store that does not answer within
 * {@link #LEDGER_DEADLINE} leaves them out, saying why, rather than failing the endpoint.
 */
@Endpoint(id = "tao")
final class TaoEndpoint {

	/** How long the endpoint waits for the ledger's figures. */
	static final Duration LEDGER_DEADLINE = Duration.ofSeconds(5);

	private final Kernel kernel;

	private final TaoMetrics metrics;

	private final DetachedRead<List<HandlerFigures>> ledger;

	TaoEndpoint(Kernel kernel, TaoMetrics metrics, Inbox inbox) {
		this.kernel = kernel;
		this.metrics = metrics;
		this.ledger = new DetachedRead<>("taobus-handler-figures", inbox::handlerFigures, LEDGER_DEADLINE);
	}

	@ReadOperation
	Bus bus() {
		List<HandlerFigures> figures = null;
		String ledgerError = null;
		try {
			figures = this.ledger.get();
		}
		catch (TimeoutException ex) {
			ledgerError = "the inbox did not answer within " + LEDGER_DEADLINE.toSeconds() + " s";
		}
		catch (ExecutionException ex) {
			ledgerError = "the inbox cannot be read: " + ex.getCause();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			ledgerError = "interrupted";
		}
		List<HandlerFigures> ledger = figures;
		List<Handler> handlers = this.kernel.registrations().stream().map((info) -> handler(info, ledger)).toList();
		return new Bus(this.kernel.pendingDispatches(), this.kernel.asyncQueueDepth(), this.kernel.activeAsync(),
				this.kernel.isClosed(), handlers, ledgerError);
	}

	private Handler handler(HandlerInfo info, @Nullable List<HandlerFigures> ledger) {
		long[] counts = this.metrics.counts(info);
		return new Handler(info.pattern().toString(), info.kind().tag(), info.name(), counts[0], counts[1],
				(ledger != null) ? HandlerFigures.of(ledger, info) : null);
	}

	/**
	 * The bus at a glance.
	 * @param pendingDispatches AppCons in flight
	 * @param asyncQueueDepth async calls waiting
	 * @param activeAsync async calls running
	 * @param closed whether the kernel is closing
	 * @param handlers the registrations in registration order
	 * @param ledgerError why the handlers have no ledger figures, or {@code null} when they have
	 */
	record Bus(int pendingDispatches, int asyncQueueDepth, int activeAsync, boolean closed, List<Handler> handlers,
			@Nullable String ledgerError) {
	}

	/**
	 * One registration.
	 * @param pattern the registered pattern
	 * @param kind intercept, async or inline
	 * @param name the handler's name
	 * @param calls calls since startup
	 * @param errors calls that failed: threw or timed out
	 * @param ledger its calls on the ledger (every node's, within retention): runs, failed, retrying, dead and
	 * the last failure, as {@code GET /tao/handlers} shows them; {@code null} when the inbox could not be read
	 */
	record Handler(String pattern, String kind, String name, long calls, long errors, @Nullable HandlerFigures ledger) {
	}

}
