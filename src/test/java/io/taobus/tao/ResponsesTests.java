package io.taobus.tao;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.taobus.tao.TransponderTests.failure;
import static io.taobus.tao.TransponderTests.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response handlers ({@link Responses}) and {@link Transponder#exchange}: a response handler on the
 * request's trigram declares the response (not the first chained AppCon), inline or async, at any depth
 * of the cascade; concurrent requests each get their own; a cascade that ends with no response handler
 * having returned fails with {@link NoResponseException}; on a cascade entered on the kernel a response
 * handler is an ordinary one.
 */
class ResponsesTests {

	static final Trigram REQUEST = Trigram.of("Order", "Place", "Api");

	static final Trigram FIRST = Trigram.of("Audit", "Note", "Api");

	static final Trigram PLACED = Trigram.of("Order", "Placed", "Api");

	static final Trigram CHECK = Trigram.of("Order", "Check", "Api");

	final Kernel kernel = Kernel.builder().build();

	final Transponder transponder = Transponder.on(this.kernel, Duration.ofSeconds(10));

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	@Test
	void anInlineResponseHandlerOfTheRequestsTrigramAnswersRatherThanTheFirstChainedAppCon() throws Exception {
		this.kernel.addInlineHandler(REQUEST, "audit", (ac) -> AppCon.of(FIRST, null));
		this.kernel.addInlineHandler(REQUEST, "place", Responses.inline((ac) -> AppCon.of(PLACED, ac.termData())));
		assertThat(value(this.transponder.setCtx(REQUEST, 7))).isEqualTo(AppCon.of(PLACED, 7));
	}

	@Test
	void anAsyncResponseHandlerAnswersWhileAnInlineHandlerChainsFirst() throws Exception {
		CountDownLatch chainedFirst = new CountDownLatch(1);
		this.kernel.addInlineHandler(REQUEST, "audit", (ac) -> AppCon.of(FIRST, null));
		this.kernel.addInlineHandler(FIRST, "noted", (ac) -> {
			chainedFirst.countDown();
			return null;
		});
		this.kernel.addAsyncHandler(REQUEST, "place", Responses.async((ac) -> {
			chainedFirst.await(10, TimeUnit.SECONDS);
			return AppCon.of(PLACED, "async");
		}));
		assertThat(value(this.transponder.setCtx(REQUEST, null))).isEqualTo(AppCon.of(PLACED, "async"));
	}

	@Test
	void aResponseHandlerDeeperInTheCascadeAnswers() throws Exception {
		this.kernel.addInlineHandler(REQUEST, "check", Responses.inline((ac) -> AppCon.of(CHECK, ac.termData())));
		this.kernel.addInlineHandler(CHECK, "audit", (ac) -> AppCon.of(FIRST, null));
		this.kernel.addInlineHandler(CHECK, "place", Responses.inline((ac) -> null));
		// the request's own response handler returned CHECK: that is the response
		assertThat(value(this.transponder.setCtx(REQUEST, 1))).isEqualTo(AppCon.of(CHECK, 1));
	}

	@Test
	void withoutAResponseHandlerOnItsTrigramARequestTakesTheFirstResponseOfItsCascade() throws Exception {
		this.kernel.addInlineHandler(REQUEST, "check", (ac) -> AppCon.of(CHECK, ac.termData()));
		this.kernel.addInlineHandler(CHECK, "place", Responses.inline((ac) -> AppCon.of(PLACED, ac.termData())));
		assertThat(value(this.transponder.setCtx(REQUEST, 2))).isEqualTo(AppCon.of(CHECK, 2));
	}

	@Test
	void concurrentRequestsOnOneTrigramEachGetTheirOwnResponse() throws Exception {
		CountDownLatch both = new CountDownLatch(2);
		this.kernel.addInlineHandler(REQUEST, "audit", (ac) -> AppCon.of(FIRST, ac.termData()));
		this.kernel.addInlineHandler(REQUEST, "place", Responses.inline((ac) -> {
			both.countDown();
			both.await(10, TimeUnit.SECONDS);
			return AppCon.of(PLACED, ac.termData());
		}));
		List<CompletionStage<AppCon>> responses = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			responses.add(this.transponder.setCtx(REQUEST, i));
		}
		assertThat(value(responses.get(0))).isEqualTo(AppCon.of(PLACED, 0));
		assertThat(value(responses.get(1))).isEqualTo(AppCon.of(PLACED, 1));
	}

	@Test
	void aCascadeWhoseResponseHandlersReturnNothingFailsWithNoResponseEvenIfItChained() {
		this.kernel.addInlineHandler(REQUEST, "audit", (ac) -> AppCon.of(FIRST, null));
		this.kernel.addInlineHandler(REQUEST, "place", Responses.inline((ac) -> null));
		assertThat(failure(this.transponder.setCtx(REQUEST, null))).isInstanceOf(NoResponseException.class);
	}

	@Test
	void anExchangeTellsTheResponseAndThenTheCascadesEnd() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.kernel.addInlineHandler(REQUEST, "place", Responses.inline((ac) -> AppCon.of(PLACED, ac.termData())));
		this.kernel.addInlineHandler(PLACED, "slow", (ac) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		List<String> contexts = new ArrayList<>();
		UnaryOperator<Runnable> context = (task) -> () -> {
			synchronized (contexts) {
				contexts.add(Thread.currentThread().getName());
			}
			task.run();
		};
		Transponder.Exchange exchange = this.transponder.exchange(AppCon.of(REQUEST, 3), System.nanoTime(), context, 0);
		assertThat(value(exchange.response())).isEqualTo(AppCon.of(PLACED, 3));
		assertThat(exchange.cascade().toCompletableFuture()).isNotDone();
		release.countDown();
		CascadeResult result = value(exchange.cascade());
		assertThat(result.handlerCalls()).isEqualTo(2);
		assertThat(result.failed()).isFalse();
		assertThat(contexts).isNotEmpty();
	}

	@Test
	void anExchangeWhoseHandlerThrowsFailsItsResponseWithTheErrorAndReportsItsCascade() throws Exception {
		this.kernel.addInlineHandler(REQUEST, "place", Responses.inline((ac) -> {
			throw new IllegalStateException("out of stock");
		}));
		Transponder.Exchange exchange = this.transponder.exchange(AppCon.of(REQUEST, 4), System.nanoTime(),
				UnaryOperator.identity(), 0);
		assertThat(failure(exchange.response())).isInstanceOf(IllegalStateException.class).hasMessage("out of stock");
		assertThat(value(exchange.cascade()).failed()).isTrue();
	}

	@Test
	void onACascadeEnteredOnTheKernelAResponseHandlerChainsAsAnyHandlerDoes() throws Exception {
		CountDownLatch placed = new CountDownLatch(1);
		this.kernel.addInlineHandler(REQUEST, "place", Responses.inline((ac) -> AppCon.of(PLACED, null)));
		this.kernel.addInlineHandler(PLACED, "seen", (ac) -> {
			placed.countDown();
			return null;
		});
		this.kernel.setCtx(REQUEST, null);
		assertThat(placed.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void theKernelListsItsResponseHandlers() {
		this.kernel.addInlineHandler(REQUEST, "audit", (ac) -> null);
		this.kernel.addInlineHandler(REQUEST, "place", Responses.inline((ac) -> null));
		this.kernel.addAsyncHandler(CHECK, "check", Responses.async((ac) -> null));
		assertThat(this.kernel.responseHandlers()).containsExactly(
				new HandlerInfo(REQUEST, HandlerKind.INLINE, "place"), new HandlerInfo(CHECK, HandlerKind.ASYNC, "check"));
	}

}
