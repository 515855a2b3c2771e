package io.taobus.observability;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.taobus.inbox.Backlog;
import io.taobus.inbox.Inbox;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the inbox's backlog and sets {@link OperationalAppCons#INBOX_BACKLOG} once when its pending
 * deliveries reach the threshold, then again only after they fell below it (an edge, not a level: an
 * alert handler hears of each crossing once, not every interval). The backlog is read every interval on
 * a virtual thread of its own through a {@link DetachedRead}: a store that hangs delays the next check,
 * never the caller, and a read that fails is logged at DEBUG and skipped.
 */
final class BacklogAlarm implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BacklogAlarm.class);

	private final DetachedRead<Backlog> backlog;

	private final OperationalAppCons appCons;

	private final long threshold;

	private final CountDownLatch closed = new CountDownLatch(1);

	private boolean raised;

	private @Nullable Thread thread;

	BacklogAlarm(Inbox inbox, OperationalAppCons appCons, long threshold) {
		if (threshold < 1) {
			throw new IllegalArgumentException("the backlog threshold must be at least 1, was " + threshold);
		}
		this.backlog = new DetachedRead<>("taobus-backlog-alarm", inbox::backlog, InboxGauges.READ_DEADLINE);
		this.appCons = appCons;
		this.threshold = threshold;
	}

	/** Starts checking every interval. */
	synchronized BacklogAlarm start(Duration interval) {
		if (this.thread == null) {
			this.thread = Thread.ofVirtual().name("taobus-backlog-alarm").start(() -> run(interval));
		}
		return this;
	}

	private void run(Duration interval) {
		try {
			while (!this.closed.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
				check();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Reads the backlog once and sets the AppCon if it has just reached the threshold.
	 * @return whether it set one
	 */
	synchronized boolean check() throws InterruptedException {
		Backlog now;
		try {
			now = this.backlog.get();
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.debug("The backlog could not be read; checked again at the next interval: {}", ex.toString());
			return false;
		}
		if (now.pending() < this.threshold) {
			this.raised = false;
			return false;
		}
		if (this.raised) {
			return false;
		}
		this.raised = true;
		this.appCons.backlog(now, this.threshold);
		return true;
	}

	@Override
	public void close() {
		this.closed.countDown();
	}

}
