package io.taobus.tao;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Ports tao.js AppCtxRoot.spec.js (§5.2) where it carries over to a typed record. */
class TrigramTests {

	@Test
	void wildOnEveryAxisByDefault() {
		Trigram trigram = Trigram.of(null, null, null);
		assertThat(trigram).isEqualTo(Trigram.ALL);
		assertThat(trigram.term()).isEqualTo("*");
		assertThat(trigram.isWildcard()).isTrue();
		assertThat(trigram.isConcrete()).isFalse();
	}

	@Test
	void nullEmptyAndStarAreTheSameWildcard() {
		assertThat(Trigram.of("", "", "")).isEqualTo(Trigram.of("*", "*", "*")).isEqualTo(Trigram.of(null, null, null));
		assertThat(Trigram.of("", "hug", null)).isEqualTo(Trigram.of("*", "hug", "*"));
	}

	@Test
	void concreteTrigramKeepsItsNames() {
		Trigram trigram = Trigram.of("colleague", "hug", "justfriends");
		assertThat(trigram.isConcrete()).isTrue();
		assertThat(trigram.isTermWild() || trigram.isActionWild() || trigram.isOrientWild()).isFalse();
		assertThat(trigram).hasToString("colleague|hug|justfriends");
	}

	@ParameterizedTest
	@CsvSource(value = { "colleague,N,N,true,false,false", "N,hug,N,false,true,false", "N,N,justfriends,false,false,true" },
			nullValues = "N")
	void partialTrigramsAreWildcards(String term, String action, String orient, boolean termSet, boolean actionSet,
			boolean orientSet) {
		Trigram trigram = Trigram.of(term, action, orient);
		assertThat(trigram.isWildcard()).isTrue();
		assertThat(trigram.isTermWild()).isNotEqualTo(termSet);
		assertThat(trigram.isActionWild()).isNotEqualTo(actionSet);
		assertThat(trigram.isOrientWild()).isNotEqualTo(orientSet);
	}

	@Test
	void sameNamesGiveEqualTrigrams() {
		assertThat(Trigram.of("colleague", "hug", "justfriends")).isEqualTo(Trigram.of("colleague", "hug", "justfriends"))
			.hasSameHashCodeAs(Trigram.of("colleague", "hug", "justfriends"));
	}

	@Test
	void pipeInANameCannotCollide() {
		// tao.js keys "a|b" + "c" + "d" and "a" + "b|c" + "d" both as "a|b|c|d"
		Trigram first = Trigram.of("a|b", "c", "d");
		Trigram second = Trigram.of("a", "b|c", "d");
		assertThat(first).hasToString(second.toString()).isNotEqualTo(second);
		assertThat(first.matches(second)).isFalse();
	}

	@Test
	void matchesIsSymmetricAndPerAxis() {
		Trigram concrete = Trigram.of("colleague", "hug", "justfriends");
		assertThat(concrete.matches(concrete)).isTrue();
		for (Trigram other : new Trigram[] { Trigram.of("dude", "hug", "justfriends"), Trigram.of("colleague", "fistbump", "justfriends"),
				Trigram.of("colleague", "hug", "bros") }) {
			assertThat(concrete.matches(other)).isFalse();
			assertThat(other.matches(concrete)).isFalse();
		}
		for (Trigram wild : new Trigram[] { Trigram.of("", "hug", "justfriends"), Trigram.of("colleague", null, "justfriends"),
				Trigram.of("colleague", "hug", "*"), Trigram.ALL }) {
			assertThat(concrete.matches(wild)).isTrue();
			assertThat(wild.matches(concrete)).isTrue();
		}
	}

	@Test
	void wildOnOneAxisDoesNotExcuseAnotherAxis() {
		assertThat(Trigram.of("*", "hug", "justfriends").matches(Trigram.of("colleague", "fistbump", "*"))).isFalse();
	}

}
