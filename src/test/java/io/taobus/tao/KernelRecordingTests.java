package io.taobus.tao;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recorded cascade ({@link Kernel#dispatch(AppCon, long, UnaryOperator, long, String, CallRecorder)}):
 * every handler call told once it ended, at any depth and phase, with a hop path and a {@link CallId}
 * that a rerun of the same key repeats and a handler can read while it runs.
 */
class KernelRecordingTests {

	static final Trigram ORDER = Trigram.of("order", "placed", "shop");

	static final Trigram INVOICE = Trigram.of("invoice", "due", "shop");

	static final Trigram MAIL = Trigram.of("mail", "queued", "shop");

	static final Trigram AUDIT = Trigram.of("audit", "logged", "shop");

	final Kernel kernel = Kernel.builder().build();

	/** The id each handler read from {@link CallId#current()}, by handler name. */
	final Map<String, CallId> seen = new ConcurrentHashMap<>();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	void register() {
		this.kernel.addInterceptHandler(ORDER, "guard", (appCon) -> {
			seen("guard");
			return null;
		});
		this.kernel.addAsyncHandler(ORDER, "notify", (appCon) -> {
			seen("notify");
			return AppCon.of(MAIL, null);
		});
		this.kernel.addInlineHandler(ORDER, "bill", (appCon) -> {
			seen("bill");
			return AppCon.of(INVOICE, null);
		});
		this.kernel.addInlineHandler(ORDER, "log", (appCon) -> {
			seen("log");
			return AppCon.of(AUDIT, null);
		});
		this.kernel.addInlineHandler(INVOICE, "invoice", (appCon) -> {
			seen("invoice");
			throw new IllegalStateException("no tax rate");
		});
		this.kernel.addInlineHandler(MAIL, "mailer", (appCon) -> {
			seen("mailer");
			return null;
		});
	}

	private void seen(String name) {
		CallId id = CallId.current();
		if (id != null) {
			this.seen.put(name, id);
		}
	}

	List<HandlerCall> record(String key) throws Exception {
		List<HandlerCall> calls = new CopyOnWriteArrayList<>();
		CascadeResult result = this.kernel
			.dispatch(AppCon.of(ORDER, null), System.nanoTime(), UnaryOperator.identity(), 0, key, calls::add)
			.toCompletableFuture()
			.get(20, TimeUnit.SECONDS);
		assertThat(calls).hasSize(result.handlerCalls());
		return calls.stream().sorted(Comparator.comparing(HandlerCall::hop).thenComparing((call) -> call.handler().name()))
			.toList();
	}

	@Test
	void everyCallOfEveryHopIsRecordedWithItsPathAndOutcome() throws Exception {
		register();
		List<HandlerCall> calls = record("stripe/evt_1");
		assertThat(calls).extracting((call) -> call.hop() + " " + call.handler().name() + " " + call.outcome().tag())
			.containsExactly("0 bill success", "0 guard success", "0 log success", "0 notify success",
					"0.0 invoice error", "0.a0 mailer success");
		HandlerCall failed = calls.get(4);
		assertThat(failed.error()).isInstanceOf(IllegalStateException.class).hasMessage("no tax rate");
		assertThat(failed.appCon().trigram()).isEqualTo(INVOICE);
		assertThat(failed.failed()).isTrue();
		assertThat(calls.get(0).failed()).isFalse();
	}

	@Test
	void aRerunOfTheSameKeyGivesTheSameIdsAndTheHandlerSeesItsOwn() throws Exception {
		register();
		List<HandlerCall> first = record("stripe/evt_1");
		Map<String, CallId> seenFirst = Map.copyOf(this.seen);
		List<HandlerCall> again = record("stripe/evt_1");
		List<HandlerCall> other = record("stripe/evt_2");
		assertThat(again).extracting(HandlerCall::id).containsExactlyElementsOf(first.stream().map(HandlerCall::id).toList());
		assertThat(other).extracting(HandlerCall::id).doesNotContainAnyElementsOf(first.stream().map(HandlerCall::id).toList());
		assertThat(first).extracting(HandlerCall::id).doesNotHaveDuplicates();
		for (HandlerCall call : first) {
			assertThat(seenFirst.get(call.handler().name())).as(call.handler().name()).isEqualTo(call.id());
		}
	}

	@Test
	void aCascadeWithoutARecordingHasNoCallId() throws Exception {
		register();
		this.kernel.dispatch(AppCon.of(ORDER, null), System.nanoTime(), UnaryOperator.identity())
			.toCompletableFuture()
			.get(20, TimeUnit.SECONDS);
		assertThat(this.seen).isEmpty();
		assertThat(CallId.current()).isNull();
	}

	@Test
	void aRetriedAsyncCallKeepsItsIdAndWhatItReturnsChainsFromTheSameHop() throws Exception {
		register();
		List<HandlerCall> first = record("stripe/evt_1");
		this.seen.clear();
		List<HandlerCall> retried = new CopyOnWriteArrayList<>();
		CascadeResult result = this.kernel
			.retryAsync(AppCon.of(ORDER, null), "notify", "0", "stripe/evt_1", retried::add)
			.toCompletableFuture()
			.get(20, TimeUnit.SECONDS);
		assertThat(result.handlerCalls()).isEqualTo(2);
		assertThat(retried).extracting((call) -> call.hop() + " " + call.handler().name())
			.containsExactlyInAnyOrder("0 notify", "0.a0 mailer");
		for (HandlerCall call : retried) {
			CallId before = first.stream().filter((f) -> f.handler().name().equals(call.handler().name()))
				.findFirst().orElseThrow().id();
			assertThat(call.id()).isEqualTo(before);
		}
		assertThat(this.seen).containsOnlyKeys("notify", "mailer");
		assertThat(retried.getFirst().retries()).isEqualTo(AsyncRetries.DEFAULT);
	}

	@Test
	void aRetryOfAHandlerThatNoLongerMatchesIsRefused() {
		register();
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.kernel.retryAsync(AppCon.of(ORDER, null), "gone", "0", "k", (call) -> {
			}))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("gone");
		this.kernel.close(Duration.ofSeconds(5));
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.kernel.retryAsync(AppCon.of(ORDER, null), "notify", "0", "k", (call) -> {
			}))
			.isInstanceOf(KernelClosedException.class);
	}

	@Test
	void retriesBackOffExponentiallyWithinAFifthCappedAtADay() {
		AsyncRetries retries = new AsyncRetries(4, Duration.ofMinutes(4));
		assertThat(retries.delay(1, 0.5)).isEqualTo(Duration.ofMinutes(4));
		assertThat(retries.delay(2, 0.5)).isEqualTo(Duration.ofMinutes(8));
		assertThat(retries.delay(4, 0.5)).isEqualTo(Duration.ofMinutes(32));
		assertThat(retries.delay(1, 0.0)).isEqualTo(Duration.ofSeconds(192));
		assertThat(retries.delay(1, 0.999999)).isBetween(Duration.ofSeconds(287), Duration.ofSeconds(288));
		assertThat(retries.delay(40, 0.5)).isEqualTo(AsyncRetries.MAX_DELAY);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AsyncRetries(-1, Duration.ofSeconds(1)))
			.isInstanceOf(IllegalArgumentException.class);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AsyncRetries(1, Duration.ZERO))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aRecorderThatThrowsBreaksNothing() throws Exception {
		register();
		CascadeResult result = this.kernel
			.dispatch(AppCon.of(ORDER, null), System.nanoTime(), UnaryOperator.identity(), 0, "k", (call) -> {
				throw new IllegalStateException("recorder down");
			})
			.toCompletableFuture()
			.get(20, TimeUnit.SECONDS);
		assertThat(result.handlerCalls()).isEqualTo(6);
		assertThat(result.failure()).hasMessage("no tax rate");
	}

}
