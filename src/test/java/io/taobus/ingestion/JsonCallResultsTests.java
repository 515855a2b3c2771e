package io.taobus.ingestion;

import java.util.List;
import java.util.Map;

import io.taobus.tao.AppCon;
import io.taobus.tao.AsyncRetries;
import io.taobus.tao.CallId;
import io.taobus.tao.HandlerCall;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.Intercept;
import io.taobus.tao.Outcome;
import io.taobus.tao.PriorCall;
import io.taobus.tao.Trigram;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonCallResults}: what a call returned reads back as it was (an AppCon's data with its own class,
 * an intercept's decision), and what cannot be written or read makes the call run again.
 */
class JsonCallResultsTests {

	static final Trigram PUSH = Trigram.of("push", "received", "github");

	final JsonCallResults results = new JsonCallResults(JsonMapper.shared());

	record Order(String id, int cents, List<String> lines) {
	}

	static HandlerCall returning(HandlerKind kind, @Nullable Object returned) {
		return new HandlerCall(new CallId("c".repeat(32)), "0", AppCon.of(PUSH, null), new HandlerInfo(PUSH, kind, "h"),
				Outcome.SUCCESS, 1, null, AsyncRetries.NONE, returned);
	}

	@Nullable PriorCall roundTrip(HandlerKind kind, @Nullable Object returned) {
		String encoded = this.results.encode(returning(kind, returned));
		assertThat(encoded).isNotNull();
		return this.results.decode(encoded);
	}

	@Test
	void anAppConReadsBackWithItsDataOfTheirOwnClasses() {
		Order order = new Order("o-1", 4200, List.of("a", "b"));
		AppCon chained = new AppCon(Trigram.of("invoice", "due", "shop"), order, Map.of("k", List.of(1, 2)), "text");
		PriorCall prior = roundTrip(HandlerKind.INLINE, chained);
		AppCon back = ((PriorCall.Chained) prior).appCon();
		assertThat(back.trigram()).isEqualTo(chained.trigram());
		assertThat(back.termData()).isEqualTo(order);
		assertThat(back.actionData()).isEqualTo(Map.of("k", List.of(1, 2)));
		assertThat(back.orientData()).isEqualTo("text");
	}

	@Test
	void theAppConACallRanOnReadsBackForItsRetryAndNotAsAResult() {
		Order order = new Order("o-2", 100, List.of("c"));
		AppCon input = new AppCon(Trigram.of("invoice", "due", "shop"), order, null, List.of("x"));
		HandlerCall failed = new HandlerCall(new CallId("d".repeat(32)), "0.1", input,
				new HandlerInfo(input.trigram(), HandlerKind.ASYNC, "h"), Outcome.ERROR, 1, new IllegalStateException("down"),
				AsyncRetries.NONE, null);
		String kept = this.results.encodeInput(failed);
		AppCon back = this.results.decodeInput(kept);
		assertThat(back.trigram()).isEqualTo(input.trigram());
		assertThat(back.termData()).isEqualTo(order);
		assertThat(back.actionData()).isNull();
		assertThat(back.orientData()).isEqualTo(List.of("x"));
		assertThat(this.results.decode(kept)).as("never taken for what a completed call returned").isNull();
		assertThat(this.results.decodeInput(kept.replace(Order.class.getName(), "com.acme.Gone"))).isNull();
		assertThat(this.results.decodeInput(this.results.encode(returning(HandlerKind.INLINE, null)))).isNull();
	}

	@Test
	void anAppConWhoseDataCannotBeWrittenIsNotKeptForARetry() {
		Object unwritable = new Object() {

			@SuppressWarnings("unused")
			public String getValue() {
				throw new IllegalStateException("no");
			}

		};
		HandlerCall failed = new HandlerCall(new CallId("e".repeat(32)), "0.1", AppCon.of(PUSH, unwritable),
				new HandlerInfo(PUSH, HandlerKind.ASYNC, "h"), Outcome.ERROR, 1, new IllegalStateException("down"),
				AsyncRetries.NONE, null);
		assertThat(this.results.encodeInput(failed)).isNull();
	}

	@Test
	void nothingChainedAndEachDecisionReadBack() {
		assertThat(roundTrip(HandlerKind.INLINE, null)).isEqualTo(PriorCall.chained(null));
		assertThat(roundTrip(HandlerKind.INTERCEPT, Intercept.proceed())).isEqualTo(PriorCall.decided(Intercept.proceed()));
		assertThat(roundTrip(HandlerKind.INTERCEPT, Intercept.halt())).isEqualTo(PriorCall.decided(Intercept.halt()));
		PriorCall divert = roundTrip(HandlerKind.INTERCEPT, Intercept.divert(AppCon.of(PUSH, "x")));
		Intercept.Divert decision = (Intercept.Divert) ((PriorCall.Decided) divert).decision();
		assertThat(decision.next().trigram()).isEqualTo(PUSH);
		assertThat(decision.next().termData()).isEqualTo("x");
	}

	@Test
	void dataThatCannotBeWrittenIsKeptAsSuchAndRunsAgain() {
		Object unwritable = new Object() {

			@SuppressWarnings("unused")
			public String getValue() {
				throw new IllegalStateException("no");
			}

		};
		String encoded = this.results.encode(returning(HandlerKind.INLINE, AppCon.of(PUSH, unwritable)));
		assertThat(encoded).contains("unencodable");
		assertThat(this.results.decode(encoded)).isNull();
	}

	@Test
	void aResultTooLongIsNotKept() {
		String encoded = this.results.encode(returning(HandlerKind.INLINE, AppCon.of(PUSH, "x".repeat(JsonCallResults.MAX_LENGTH))));
		assertThat(encoded).contains("unencodable");
		assertThat(this.results.decode(encoded)).isNull();
	}

	@Test
	void aClassThatIsGoneOrTextThatIsNotOursRunsAgain() {
		String gone = "{\"chained\":{\"term\":\"push\",\"action\":\"received\",\"orient\":\"github\","
				+ "\"termData\":{\"type\":\"com.acme.Gone\",\"value\":{}}}}";
		assertThat(this.results.decode(gone)).isNull();
		assertThat(this.results.decode("not json")).isNull();
		assertThat(this.results.decode("{\"decision\":\"maybe\"}")).isNull();
		assertThat(this.results.decode("{}")).isNull();
	}

}
