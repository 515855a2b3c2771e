package io.taobus.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.taobus.inbox.Backlog;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallStatus;
import io.taobus.inbox.InboxListener;
import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus tells of its own trouble as AppCons, so that an alert is an ordinary handler:
 * {@value #ORIENT}-oriented AppCons set on the kernel, not stored (an alert is about a delivery
 * already on the ledger): {@link #HANDLER_DEAD} when the ledger commits a call as dead, with a
 * {@link DeadCall} as term data; {@link #INBOX_BACKLOG} when the inbox's backlog crosses its threshold
 * ({@link BacklogAlarm}), with an {@link InboxBacklog}.
 *
 * <p>They cannot loop: a call of a handler of one of them is not on the ledger (they are not
 * deliveries), so it is never retried nor dead; and should one come back as a delivery (a handler that
 * posts it to {@code /tao/appcons}), the death of a call on a {@value #ORIENT}-oriented AppCon is logged
 * and counted, never told as another {@link #HANDLER_DEAD}. An AppCon the kernel refuses (saturated,
 * closing) is dropped with a WARN, at most one a minute.
 */
public final class OperationalAppCons implements InboxListener {

	/** The orient of the bus's own AppCons. */
	public static final String ORIENT = "taobus";

	/** A handler call went dead: {@code handler|dead|taobus}, term data a {@link DeadCall}. */
	public static final Trigram HANDLER_DEAD = Trigram.of("handler", "dead", ORIENT);

	/** The inbox's backlog crossed its threshold: {@code inbox|backlog|taobus}, term data an {@link InboxBacklog}. */
	public static final Trigram INBOX_BACKLOG = Trigram.of("inbox", "backlog", ORIENT);

	private static final Logger logger = LoggerFactory.getLogger(OperationalAppCons.class);

	private final Supplier<Kernel> kernel;

	private final LogLimiter limiter;

	OperationalAppCons(Supplier<Kernel> kernel, LongSupplier nanoClock) {
		this.kernel = kernel;
		this.limiter = new LogLimiter(nanoClock, Duration.ofMinutes(1));
	}

	@Override
	public void callsRecorded(String source, String deliveryId, List<CallRecord> calls) {
		for (CallRecord call : calls) {
			if (call.status() != CallStatus.DEAD) {
				continue;
			}
			if (isOperational(call.trigram())) {
				logger.warn("Handler {} is dead on {} (delivery {}/{}): not told as {}, since it handled one of the bus's "
						+ "own AppCons; taobus.calls.dead counts it", call.handler(), call.trigram(), source,
						deliveryId, HANDLER_DEAD);
				continue;
			}
			set(HANDLER_DEAD, new DeadCall(source, deliveryId, call.handler(), call.callId(), call.trigram(),
					call.attempt(), call.errorClass(), call.fingerprint(), call.message()));
		}
	}

	/** Tells that the backlog crossed its threshold. */
	void backlog(Backlog backlog, long threshold) {
		set(INBOX_BACKLOG, new InboxBacklog(backlog.pending(), threshold, backlog.oldestReceivedAt()));
	}

	private void set(Trigram trigram, Object data) {
		try {
			this.kernel.get().setAppCon(AppCon.of(trigram, data));
		}
		catch (RuntimeException ex) {
			long suppressed = this.limiter.permit(trigram);
			if (suppressed != LogLimiter.DROP) {
				logger.warn("{} was dropped: the bus refused it ({}); {} more dropped since the last line", trigram, ex.toString(),
						suppressed);
			}
		}
	}

	/** Whether a stored trigram ({@code term|action|orient}) is one of the bus's own AppCons. */
	static boolean isOperational(String trigram) {
		return trigram.endsWith("|" + ORIENT);
	}

	/**
	 * The term data of {@link #HANDLER_DEAD}: which call, of which delivery, died of what.
	 * @param source the delivery's source
	 * @param deliveryId the delivery's id ({@code GET /tao/deliveries/{source}/{deliveryId}})
	 * @param handler the handler's name
	 * @param callId the call's stable id
	 * @param trigram the AppCon it handled
	 * @param attempt its last attempt
	 * @param errorClass the exception's class
	 * @param fingerprint where it was thrown, stable across its attempts
	 * @param message the exception's message
	 */
	public record DeadCall(String source, String deliveryId, String handler, String callId, String trigram, int attempt,
			@Nullable String errorClass, @Nullable String fingerprint, @Nullable String message) {
	}

	/**
	 * The term data of {@link #INBOX_BACKLOG}.
	 * @param pending the deliveries pending now
	 * @param threshold the threshold they crossed ({@code taobus.observability.alerts.backlog-pending})
	 * @param oldestReceivedAt when the oldest pending one was received
	 */
	public record InboxBacklog(long pending, long threshold, @Nullable Instant oldestReceivedAt) {
	}

}
