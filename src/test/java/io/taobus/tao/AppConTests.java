package io.taobus.tao;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ports tao.js AppCtx.spec.js (§5.3): the data layout and its inference rules. */
class AppConTests {

	static final Trigram TAO = Trigram.of("colleague", "hug", "justfriends");

	@Test
	void wildcardAppConWithoutData() {
		AppCon appCon = new AppCon(null, "", "*");
		assertThat(appCon.trigram()).isEqualTo(Trigram.ALL);
		assertThat(appCon.data()).isEmpty();
	}

	@Test
	void dataIsKeyedByTheTrigramNames() {
		AppCon appCon = new AppCon(TAO, "t", 2, List.of("o"));
		assertThat(appCon.data()).containsExactly(Map.entry("colleague", "t"), Map.entry("hug", 2),
				Map.entry("justfriends", List.of("o")));
		assertThat(appCon.term()).isEqualTo("colleague");
		assertThat(appCon.action()).isEqualTo("hug");
		assertThat(appCon.orient()).isEqualTo("justfriends");
	}

	@Test
	void dataIsReadOnly() {
		assertThatThrownBy(() -> AppCon.of(TAO, "x").data().put("hug", "y")).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void withDataCopiesAndLeavesTheOriginal() {
		AppCon original = AppCon.of(TAO, "before");
		AppCon copy = original.withData("after", null, "orient");
		assertThat(original.termData()).isEqualTo("before");
		assertThat(copy.trigram()).isEqualTo(TAO);
		assertThat(copy.data()).containsExactly(Map.entry("colleague", "after"), Map.entry("justfriends", "orient"));
	}

	@Test
	void toStringNeverShowsData() {
		assertThat(AppCon.of(TAO, "secret-payload")).hasToString("AppCon[colleague|hug|justfriends]");
	}

	@Test
	void axesSharingANameKeepTheLaterData() {
		AppCon appCon = new AppCon(Trigram.of("same", "same", "other"), "term", "action", null);
		assertThat(appCon.data()).containsExactly(Map.entry("same", "action"));
	}

	@Test
	void singleObjectWithoutTupleKeysIsTermData() {
		Map<String, Object> user = Map.of("id", 1);
		assertThat(AppCon.fromTaoData(TAO, user).data()).containsExactly(Map.entry("colleague", user));
		assertThat(AppCon.fromTaoData(TAO, "awesome sauce").termData()).isEqualTo("awesome sauce");
	}

	@Test
	void arrayIsPositional() {
		AppCon appCon = AppCon.fromTaoData(TAO, List.of("x", "y", "z"));
		assertThat(appCon.data()).containsExactly(Map.entry("colleague", "x"), Map.entry("hug", "y"), Map.entry("justfriends", "z"));
		Object[] array = { "x", "y" };
		assertThat(AppCon.fromTaoData(TAO, (Object) array).actionData()).isEqualTo("y");
	}

	@Test
	void tupleInLongShortAndNameFormIsMapped() {
		for (Map<String, Object> tuple : List.of(Map.<String, Object>of("term", 1, "action", 2, "orient", 3),
				Map.<String, Object>of("t", 1, "a", 2, "o", 3), Map.<String, Object>of("colleague", 1, "hug", 2, "justfriends", 3),
				Map.<String, Object>of("t", 1, "action", 2, "justfriends", 3))) {
			AppCon appCon = AppCon.fromTaoData(TAO, tuple);
			assertThat(appCon.data()).containsExactly(Map.entry("colleague", 1), Map.entry("hug", 2), Map.entry("justfriends", 3));
		}
	}

	@Test
	void singleKeyTupleSetsOnlyThatAxisAndDropsOtherKeys() {
		Map<String, Object> tuple = Map.of("a", "x", "other", 5);
		AppCon appCon = AppCon.fromTaoData(TAO, tuple);
		assertThat(appCon.data()).containsExactly(Map.entry("hug", "x"));
	}

	@Test
	void termObjectWithATupleKeyIsReadAsATuple() {
		// tao.js hazard §1.3, kept for fromTaoData only: the explicit constructors have no inference
		AppCon inferred = AppCon.fromTaoData(TAO, Map.of("term", "x"));
		assertThat(inferred.termData()).isEqualTo("x");
		assertThat(AppCon.of(TAO, Map.of("term", "x")).termData()).isEqualTo(Map.of("term", "x"));
	}

	@Test
	void nullIsAbsentDataUnlikeZeroAndEmpty() {
		// Java has one null for JavaScript's null and undefined; 0 and "" are kept as in tao.js
		AppCon appCon = AppCon.fromTaoData(TAO, 0, "", null);
		assertThat(appCon.data()).containsExactly(Map.entry("colleague", 0), Map.entry("hug", ""));
		assertThat(AppCon.fromTaoData(TAO, null, "v").data()).containsExactly(Map.entry("hug", "v"));
		assertThat(AppCon.fromTaoData(TAO, Arrays.asList(null, "mid", null)).data()).containsExactly(Map.entry("hug", "mid"));
		Map<String, Object> tuple = new HashMap<>();
		tuple.put("term", null);
		assertThat(AppCon.fromTaoData(TAO, tuple).data()).isEmpty();
	}

	@Test
	void twoOrThreeArgumentsSkipTupleDetection() {
		Map<String, Object> first = Map.of("a", 1);
		AppCon appCon = AppCon.fromTaoData(TAO, first, "x");
		assertThat(appCon.data()).containsExactly(Map.entry("colleague", first), Map.entry("hug", "x"));
	}

	@Test
	void valueEquality() {
		assertThat(AppCon.of(TAO, "x")).isEqualTo(AppCon.of(TAO, "x")).hasSameHashCodeAs(AppCon.of(TAO, "x"))
			.isNotEqualTo(AppCon.of(TAO, "y"));
	}

	@Test
	void trigramIsRequired() {
		assertThatThrownBy(() -> new AppCon(null, null, null, null)).isInstanceOf(NullPointerException.class);
	}

}
