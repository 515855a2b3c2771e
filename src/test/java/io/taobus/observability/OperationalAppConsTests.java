package io.taobus.observability;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.taobus.inbox.Admission;
import io.taobus.inbox.Backlog;
import io.taobus.inbox.CallRecord;
import io.taobus.inbox.CallStatus;
import io.taobus.inbox.Inbox;
import io.taobus.inbox.InboxSettings;
import io.taobus.inbox.MemoryInbox;
import io.taobus.inbox.NewDelivery;
import io.taobus.ingestion.DeliveryDispatcher;
import io.taobus.tao.AppCon;
import io.taobus.tao.Kernel;
import io.taobus.tao.NonRetryableException;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The bus's own AppCons: a call the ledger commits as dead is set as {@code handler|dead|taobus} with
 * what an alert needs, and nothing else is; an AppCon the bus refuses is dropped with a WARN, never an
 * exception into the inbox; an alert handler that dies itself, whether on the AppCon set on the bus or
 * on one that came back as a delivery, never makes another ({@code no loop}); the backlog alarm sets
 * {@code inbox|backlog|taobus} once per crossing, survives a store that fails, and runs on its own thread
 * until closed.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationalAppConsTests {

	static final Trigram PUSH = Trigram.of("push", "received", "github");

	final Kernel kernel = Kernel.builder().build();

	final List<AppCon> alerts = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	static CallRecord call(CallStatus status, String trigram) {
		return new CallRecord("0123456789abcdef0123456789abcdef", "0", trigram, "Crm#sync", "async", 5, status,
				(status == CallStatus.COMPLETED) ? "success" : "error", Instant.EPOCH, 5,
				(status == CallStatus.COMPLETED) ? null : "java.lang.IllegalStateException",
				(status == CallStatus.COMPLETED) ? null : "crm rejects the token",
				(status == CallStatus.COMPLETED) ? null : "00112233aabbccdd",
				(status == CallStatus.RETRYING) ? Instant.EPOCH : null);
	}

	@Test
	void aDeadCallIsSetAsHandlerDeadWithWhatAnAlertNeeds() {
		this.kernel.addAsyncHandler(OperationalAppCons.HANDLER_DEAD, "alert", (appCon) -> {
			this.alerts.add(appCon);
			return null;
		});
		OperationalAppCons appCons = new OperationalAppCons(() -> this.kernel, System::nanoTime);
		appCons.callsRecorded("github", "d-1", List.of(call(CallStatus.COMPLETED, "push|received|github"),
				call(CallStatus.RETRYING, "push|received|github"), call(CallStatus.FAILED, "push|received|github"),
				call(CallStatus.DEAD, "push|received|github")));
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.alerts).singleElement().satisfies((alert) -> {
			assertThat(alert.trigram()).isEqualTo(Trigram.of("handler", "dead", "taobus"));
			assertThat(alert.termData()).isEqualTo(new OperationalAppCons.DeadCall("github", "d-1", "Crm#sync",
					"0123456789abcdef0123456789abcdef", "push|received|github", 5, "java.lang.IllegalStateException",
					"00112233aabbccdd", "crm rejects the token"));
		});
	}

	@Test
	void anAppConTheBusRefusesIsDroppedWithAWarningNotAnException(CapturedOutput output) {
		this.kernel.close(Duration.ofSeconds(5));
		OperationalAppCons appCons = new OperationalAppCons(() -> this.kernel, System::nanoTime);
		appCons.callsRecorded("github", "d-1", List.of(call(CallStatus.DEAD, "push|received|github")));
		appCons.callsRecorded("github", "d-2", List.of(call(CallStatus.DEAD, "push|received|github")));
		assertThat(output.getOut()).containsOnlyOnce("handler|dead|taobus was dropped: the bus refused it");
	}

	/**
	 * An alert handler that always dies: on the AppCon set on the bus its error is swallowed (that call is
	 * not on the ledger); on the same AppCon come back as a stored delivery it dies on the ledger, and that
	 * death is logged, not set again. Either way it runs once.
	 */
	@Test
	void anAlertHandlerThatDiesNeverMakesAnotherAlert(CapturedOutput output) {
		this.kernel.addAsyncHandler(PUSH, "Crm#sync", (appCon) -> {
			throw new IllegalStateException("crm rejects the token", new NonRetryableException("for good"));
		});
		this.kernel.addAsyncHandler(OperationalAppCons.HANDLER_DEAD, "Pager#page", (appCon) -> {
			this.alerts.add(appCon);
			throw new IllegalStateException("the pager is down too", new NonRetryableException("for good"));
		});
		OperationalAppCons appCons = new OperationalAppCons(() -> this.kernel, System::nanoTime);
		Inbox inbox = new MemoryInbox(InboxSettings.defaults(), Clock.systemUTC(), appCons);
		try {
			DeliveryDispatcher dispatcher = new DeliveryDispatcher(inbox, this.kernel, List.of());
			dispatch(inbox, dispatcher, "github", "d-1", PUSH);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.alerts.size() == 1);
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> this.alerts.size() == 1);

			dispatch(inbox, dispatcher, "api", "posted-back", OperationalAppCons.HANDLER_DEAD);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> inbox.calls("api", "posted-back").stream().anyMatch((c) -> c.status() == CallStatus.DEAD));
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> this.alerts.size() == 2);
			assertThat(output.getOut()).contains("Handler Pager#page is dead on handler|dead|taobus (delivery api/posted-back)");
		}
		finally {
			inbox.close();
		}
	}

	private static void dispatch(Inbox inbox, DeliveryDispatcher dispatcher, String source, String id, Trigram trigram) {
		NewDelivery delivery = new NewDelivery(source, id, trigram.term(), trigram.action(), trigram.orient(),
				"application/json", Map.of(), "{}".getBytes(StandardCharsets.UTF_8), Instant.now());
		Admission admission = inbox.accept(delivery).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
		dispatcher.dispatch(((Admission.Accepted) admission).ref(), AppCon.of(trigram, Map.of()), 2, System.nanoTime(),
				UnaryOperator.identity());
	}

	@Test
	void theBacklogAlarmSetsItsAppConOncePerCrossing() throws Exception {
		this.kernel.addInlineHandler(OperationalAppCons.INBOX_BACKLOG, "alert", (appCon) -> {
			this.alerts.add(appCon);
			return null;
		});
		AtomicReference<Object> backlog = new AtomicReference<>(new Backlog(1, null));
		BacklogAlarm alarm = new BacklogAlarm(backlog(backlog), new OperationalAppCons(() -> this.kernel, System::nanoTime), 2);
		assertThat(alarm.check()).isFalse();
		Instant oldest = Instant.parse("2026-12-07T10:00:00Z");
		backlog.set(new Backlog(5, oldest));
		assertThat(alarm.check()).isTrue();
		assertThat(alarm.check()).as("still above: no second AppCon").isFalse();
		backlog.set(new IllegalStateException("database down"));
		assertThat(alarm.check()).as("an unreadable backlog changes nothing").isFalse();
		backlog.set(new Backlog(1, oldest));
		assertThat(alarm.check()).isFalse();
		backlog.set(new Backlog(2, oldest));
		assertThat(alarm.check()).as("crossed again").isTrue();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.alerts).extracting(AppCon::termData).containsExactly(new OperationalAppCons.InboxBacklog(5, 2, oldest),
				new OperationalAppCons.InboxBacklog(2, 2, oldest));
		assertThat(this.alerts).extracting(AppCon::trigram).containsOnly(Trigram.of("inbox", "backlog", "taobus"));
	}

	@Test
	void theBacklogAlarmChecksOnItsOwnThreadUntilClosed() {
		this.kernel.addInlineHandler(OperationalAppCons.INBOX_BACKLOG, "alert", (appCon) -> {
			this.alerts.add(appCon);
			return null;
		});
		AtomicReference<Object> backlog = new AtomicReference<>(new Backlog(3, null));
		try (BacklogAlarm alarm = new BacklogAlarm(backlog(backlog), new OperationalAppCons(() -> this.kernel,
				System::nanoTime), 1).start(Duration.ofMillis(20))) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.alerts.size() == 1);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> new BacklogAlarm(backlog(backlog),
				new OperationalAppCons(() -> this.kernel, System::nanoTime), 0));
	}

	/** An inbox whose backlog is the reference's, or throws it when it is an exception. */
	static Inbox backlog(AtomicReference<Object> backlog) {
		return (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(), new Class<?>[] { Inbox.class },
				(proxy, method, args) -> {
					if (!method.getName().equals("backlog")) {
						throw new UnsupportedOperationException(method.getName());
					}
					Object value = backlog.get();
					if (value instanceof RuntimeException ex) {
						throw ex;
					}
					return value;
				});
	}

}
