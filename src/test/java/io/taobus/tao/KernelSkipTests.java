package io.taobus.tao;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rerun of a recorded cascade skips the calls its recorder's {@link PriorCalls} has: the handler is not
 * invoked, what it returned then is taken instead (an inline's chained AppCon, an intercept's decision, an
 * async call's AppCon), so that the cascade takes the same path, and the recorder is told of the skip; the
 * calls it does not have run as usual.
 */
class KernelSkipTests {

	static final Trigram ORDER = Trigram.of("order", "placed", "shop");

	static final Trigram INVOICE = Trigram.of("invoice", "due", "shop");

	static final Trigram MAIL = Trigram.of("mail", "queued", "shop");

	static final Trigram REVIEW = Trigram.of("order", "review", "shop");

	static final String KEY = "shop\u0000order-1";

	final Recorder listener = new Recorder();

	final Kernel kernel = Kernel.builder().listener(this.listener).build();

	/** Invocations of each handler, by name. */
	final Map<String, AtomicInteger> invoked = new ConcurrentHashMap<>();

	/** The data the invoice handler saw, run by run. */
	final List<@Nullable Object> invoiced = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	int invoked(String name) {
		AtomicInteger count = this.invoked.get(name);
		return (count != null) ? count.get() : 0;
	}

	void count(String name) {
		this.invoked.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
	}

	void register() {
		this.kernel.addAsyncHandler(ORDER, "notify", (appCon) -> {
			count("notify");
			return AppCon.of(MAIL, "from the first run");
		});
		this.kernel.addInlineHandler(ORDER, "bill", (appCon) -> {
			count("bill");
			return AppCon.of(INVOICE, "run " + invoked("bill"));
		});
		this.kernel.addInlineHandler(INVOICE, "invoice", (appCon) -> {
			count("invoice");
			this.invoiced.add(appCon.termData());
			return null;
		});
		this.kernel.addInlineHandler(MAIL, "mailer", (appCon) -> {
			count("mailer");
			return null;
		});
	}

	/** A recorder of one run, whose prior calls are the completed calls of the given earlier run. */
	static final class Run implements CallRecorder {

		final List<HandlerCall> called = new CopyOnWriteArrayList<>();

		final List<HandlerCall> skipped = new CopyOnWriteArrayList<>();

		private final @Nullable PriorCalls priors;

		Run(@Nullable PriorCalls priors) {
			this.priors = priors;
		}

		/** What a store keeps of a run: the calls that completed, with what they returned. */
		PriorCalls completed() {
			Map<CallId, PriorCall> kept = new ConcurrentHashMap<>();
			for (HandlerCall call : this.called) {
				if (!call.failed()) {
					kept.put(call.id(), (call.returned() instanceof Intercept decision) ? PriorCall.decided(decision)
							: PriorCall.chained((AppCon) call.returned()));
				}
			}
			this.skipped.forEach((call) -> kept.put(call.id(), (call.returned() instanceof Intercept decision)
					? PriorCall.decided(decision) : PriorCall.chained((AppCon) call.returned())));
			return kept::get;
		}

		@Override
		public void called(HandlerCall call) {
			this.called.add(call);
		}

		@Override
		public @Nullable PriorCalls priorCalls() {
			return this.priors;
		}

		@Override
		public void skipped(HandlerCall call) {
			this.skipped.add(call);
		}

		List<String> names(List<HandlerCall> calls) {
			return calls.stream().map((call) -> call.hop() + ":" + call.handler().name()).sorted().toList();
		}

	}

	CascadeResult run(CallRecorder recorder) throws Exception {
		return this.kernel.dispatch(AppCon.of(ORDER, null), System.nanoTime(), UnaryOperator.identity(), 0, KEY, recorder)
			.toCompletableFuture()
			.get(10, TimeUnit.SECONDS);
	}

	@Test
	void aRerunSkipsTheCompletedCallsAndTakesTheSamePath() throws Exception {
		register();
		Run first = new Run(null);
		run(first);
		assertThat(first.names(first.called)).containsExactly("0.0:invoice", "0.a0:mailer", "0:bill", "0:notify");

		Run second = new Run(first.completed());
		CascadeResult result = run(second);

		assertThat(second.called).isEmpty();
		assertThat(second.names(second.skipped)).containsExactly("0.0:invoice", "0.a0:mailer", "0:bill", "0:notify");
		assertThat(invoked("bill")).isEqualTo(1);
		assertThat(invoked("notify")).isEqualTo(1);
		assertThat(invoked("invoice")).isEqualTo(1);
		assertThat(invoked("mailer")).isEqualTo(1);
		assertThat(second.skipped).extracting(HandlerCall::outcome).containsOnly(Outcome.SUCCESS);
		assertThat(second.skipped).extracting(HandlerCall::nanos).containsOnly(0L);
		assertThat(second.skipped).filteredOn((call) -> call.handler().name().equals("bill"))
			.extracting((call) -> ((AppCon) call.returned()).termData())
			.containsExactly("run 1");
		assertThat(second.skipped).extracting(HandlerCall::id)
			.containsExactlyInAnyOrderElementsOf(first.called.stream().map(HandlerCall::id).toList());
		assertThat(result.handlerCalls()).as("skipped calls count as reached, so the run is not unhandled").isEqualTo(4);
		assertThat(this.listener.events("finished:")).as("listeners hear only the calls that ran").hasSize(4);
	}

	@Test
	void onlyTheCallsTheEarlierRunDidNotCompleteRunAgain() throws Exception {
		AtomicInteger failures = new AtomicInteger(1);
		register();
		this.kernel.addInlineHandler(INVOICE, "tax", (appCon) -> {
			count("tax");
			if (failures.getAndDecrement() > 0) {
				throw new IllegalStateException("no tax rate");
			}
			return null;
		});
		Run first = new Run(null);
		assertThat(run(first).failed()).isTrue();

		Run second = new Run(first.completed());
		CascadeResult result = run(second);

		assertThat(result.failed()).isFalse();
		assertThat(second.names(second.called)).containsExactly("0.0:tax");
		assertThat(invoked("tax")).isEqualTo(2);
		assertThat(invoked("bill")).isEqualTo(1);
		assertThat(invoked("invoice")).isEqualTo(1);
		assertThat(this.invoiced).as("the AppCon the skipped call chained, from the record").containsExactly("run 1");
	}

	@Test
	void aSkippedInterceptDecidesAsItDidThen() throws Exception {
		AtomicInteger divert = new AtomicInteger();
		this.kernel.addInterceptHandler(ORDER, "guard", (appCon) -> {
			count("guard");
			return (divert.getAndIncrement() == 0) ? Intercept.divert(AppCon.of(REVIEW, "manual")) : Intercept.proceed();
		});
		this.kernel.addInlineHandler(ORDER, "bill", (appCon) -> {
			count("bill");
			return null;
		});
		this.kernel.addInlineHandler(REVIEW, "reviewer", (appCon) -> {
			count("reviewer");
			throw new IllegalStateException("reviewer away");
		});
		Run first = new Run(null);
		run(first);
		Run second = new Run(first.completed());
		run(second);

		assertThat(invoked("guard")).isEqualTo(1);
		assertThat(invoked("bill")).as("the skipped guard diverts again").isZero();
		assertThat(invoked("reviewer")).isEqualTo(2);
		assertThat(second.skipped).extracting(HandlerCall::outcome).containsExactly(Outcome.DIVERTED);
		assertThat(second.names(second.called)).containsExactly("0.d0:reviewer");
	}

	@Test
	void aSkippedHaltStopsTheDispatch() throws Exception {
		this.kernel.addInterceptHandler(ORDER, "guard", (appCon) -> {
			count("guard");
			return Intercept.halt();
		});
		this.kernel.addInlineHandler(ORDER, "bill", (appCon) -> {
			count("bill");
			return null;
		});
		Run first = new Run(null);
		run(first);
		Run second = new Run(first.completed());
		run(second);
		assertThat(invoked("guard")).isEqualTo(1);
		assertThat(invoked("bill")).isZero();
		assertThat(second.skipped).extracting(HandlerCall::outcome).containsExactly(Outcome.HALTED);
	}

	@Test
	void aPriorOfTheWrongKindOrAFailingLookupRunsTheCall() throws Exception {
		this.kernel.addInterceptHandler(ORDER, "guard", (appCon) -> {
			count("guard");
			return null;
		});
		this.kernel.addInlineHandler(ORDER, "bill", (appCon) -> {
			count("bill");
			return null;
		});
		Run wrongKind = new Run((id) -> PriorCall.chained(null)); // an intercept needs a decision
		run(wrongKind);
		assertThat(invoked("guard")).isEqualTo(1);
		assertThat(invoked("bill")).isZero();

		Run failing = new Run((id) -> {
			throw new IllegalStateException("lookup broken");
		});
		run(failing);
		assertThat(invoked("guard")).isEqualTo(2);
		assertThat(invoked("bill")).isEqualTo(1);
		assertThat(failing.skipped).isEmpty();
	}

	@Test
	void aRunThatCompletedRecordsWhatEachCallReturned() throws Exception {
		this.kernel.addInterceptHandler(ORDER, "guard", (appCon) -> null);
		this.kernel.addInlineHandler(ORDER, "bill", (appCon) -> AppCon.of(INVOICE, "x"));
		this.kernel.addInlineHandler(ORDER, "log", (appCon) -> null);
		Run first = new Run(null);
		run(first);
		assertThat(first.called).filteredOn((call) -> call.handler().name().equals("guard"))
			.extracting(HandlerCall::returned)
			.containsExactly(Intercept.proceed());
		assertThat(first.called).filteredOn((call) -> call.handler().name().equals("bill"))
			.extracting((call) -> ((AppCon) call.returned()).trigram())
			.containsExactly(INVOICE);
		assertThat(first.called).filteredOn((call) -> call.handler().name().equals("log"))
			.extracting(HandlerCall::returned)
			.containsOnlyNulls();
	}

}
