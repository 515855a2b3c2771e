package io.taobus.tao;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Semantics 5-7 of the kernel issue: matching, wildcard setting, and registrations changing during a
 * dispatch; ports tao.js Kernel.spec.js (§5.5) and the quirk probes (§1.4, Appendix A).
 */
class KernelMatchingTests {

	static final String T = "colleague";

	static final String A = "hug";

	static final String O = "justfriends";

	static final Trigram TAO = Trigram.of(T, A, O);

	final Recorder recorder = new Recorder();

	Kernel kernel = Kernel.builder().listener(this.recorder).build();

	@AfterEach
	void close() {
		this.kernel.close(Duration.ofSeconds(5));
	}

	void setAndSettle(Trigram trigram) {
		this.kernel.setCtx(trigram, null);
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
	}

	InlineHandler marking(String mark) {
		return (ac) -> {
			this.recorder.mark(mark);
			return null;
		};
	}

	@Test
	void concreteAppConReachesExactAndWildcardPatternsInRegistrationOrder() {
		// Kernel.spec.js:119 - the five wildcard forms and the concrete trigram
		this.kernel.addInlineHandler(Trigram.of(null, null, null), marking("all"));
		this.kernel.addInlineHandler(Trigram.of("", A, O), marking("action-orient"));
		this.kernel.addInlineHandler(Trigram.of(null, null, O), marking("orient"));
		this.kernel.addInlineHandler(Trigram.of(T, null, O), marking("term-orient"));
		this.kernel.addInlineHandler(Trigram.of(T, A, ""), (ac) -> {
			this.recorder.mark("term-action");
			return new AppCon("unregistered", "trigram", "harmless");
		});
		this.kernel.addInlineHandler(TAO, marking("concrete"));
		this.kernel.addInlineHandler(Trigram.of("dude", null, null), marking("other-term"));
		setAndSettle(TAO);
		assertThat(this.recorder.log.stream().filter((e) -> !e.contains(":"))).containsExactly("all", "action-orient",
				"orient", "term-orient", "term-action", "concrete", "all"); // the chained AppCon reaches *|*|*
	}

	@Test
	void everyPhaseMatchesWildcards() {
		for (Trigram pattern : new Trigram[] { Trigram.ALL, Trigram.of(T, null, null), TAO }) {
			this.kernel.addInterceptHandler(pattern, (ac) -> {
				this.recorder.mark("intercept");
				return Intercept.proceed();
			});
			this.kernel.addAsyncHandler(pattern, (ac) -> {
				this.recorder.mark("async");
				return null;
			});
		}
		setAndSettle(TAO);
		assertThat(this.recorder.events("intercept")).hasSize(3);
		assertThat(this.recorder.events("async")).hasSize(3);
	}

	@Test
	void explicitStarPatternAddedLaterReachesExistingTrigrams() {
		// quirk Q1: in tao.js a *|*|* created after a leaf never reaches that leaf
		this.kernel.addInlineHandler(TAO, marking("concrete"));
		setAndSettle(TAO);
		this.kernel.addInlineHandler(Trigram.of("*", "*", "*"), marking("star"));
		setAndSettle(TAO);
		assertThat(this.recorder.log.stream().filter((e) -> !e.contains(":"))).containsExactly("concrete", "concrete",
				"star");
	}

	@Test
	void handlerUnderSeveralMatchingPatternsRunsOncePerPhase() {
		InlineHandler shared = marking("shared");
		this.kernel.addInlineHandler(TAO, shared);
		this.kernel.addInlineHandler(Trigram.ALL, shared);
		this.kernel.addInlineHandler(Trigram.of(T, null, null), shared);
		setAndSettle(TAO);
		assertThat(this.recorder.events("shared")).hasSize(1);
	}

	@Test
	void addingTheSameHandlerTwiceKeepsOneRegistration() {
		// Kernel.spec.js:123
		InlineHandler handler = marking("once");
		Registration first = this.kernel.addInlineHandler(TAO, handler);
		assertThat(this.kernel.addInlineHandler(TAO, handler)).isSameAs(first);
		assertThat(this.kernel.registrations()).hasSize(1);
		setAndSettle(TAO);
		assertThat(this.recorder.events("once")).hasSize(1);
	}

	@Test
	void removingThroughAConcretePatternLeavesTheWildcardRegistration() {
		// quirk Q2: tao.js prunes the wildcard's copy from the leaf
		InlineHandler handler = marking("wild");
		this.kernel.addInlineHandler(Trigram.of(T, null, null), handler);
		assertThat(this.kernel.removeInlineHandler(TAO, handler)).isFalse();
		setAndSettle(TAO);
		assertThat(this.recorder.events("wild")).hasSize(1);
	}

	@Test
	void removingThroughAWildcardLeavesTheConcreteRegistration() {
		// quirk Q3: tao.js removes the concrete registration of the same function too
		InlineHandler handler = marking("h");
		this.kernel.addInlineHandler(TAO, handler);
		this.kernel.addInlineHandler(Trigram.of(T, null, null), handler);
		assertThat(this.kernel.removeInlineHandler(Trigram.of(T, null, null), handler)).isTrue();
		setAndSettle(TAO);
		setAndSettle(Trigram.of(T, "other", O));
		assertThat(this.recorder.events("h")).hasSize(1);
	}

	@Test
	void removalByReferenceAndByHandle() {
		// Kernel.spec.js:129 and :131
		InlineHandler inline = marking("inline");
		AsyncHandler async = (ac) -> {
			this.recorder.mark("async");
			return null;
		};
		InterceptHandler intercept = (ac) -> {
			this.recorder.mark("intercept");
			return Intercept.proceed();
		};
		this.kernel.addInlineHandler(TAO, inline);
		this.kernel.addAsyncHandler(TAO, async);
		this.kernel.addInterceptHandler(TAO, intercept);
		Registration wild = this.kernel.addInlineHandler(Trigram.ALL, marking("wild"));
		assertThat(this.kernel.removeInlineHandler(TAO, inline)).isTrue();
		assertThat(this.kernel.removeAsyncHandler(TAO, async)).isTrue();
		assertThat(this.kernel.removeInterceptHandler(TAO, intercept)).isTrue();
		wild.close();
		wild.close();
		assertThat(wild.isActive()).isFalse();
		assertThat(this.kernel.removeInlineHandler(TAO, inline)).isFalse();
		setAndSettle(TAO);
		assertThat(this.recorder.log.stream().filter((e) -> !e.contains(":"))).isEmpty();
		assertThat(this.recorder.log).contains("dispatched:" + TAO + ":false");
	}

	@Test
	void nullArgumentsAreRefused() {
		// Kernel.spec.js:122, :128, :130 - Java's types rule out the non-function cases
		assertThatThrownBy(() -> this.kernel.addInlineHandler(TAO, (InlineHandler) null))
			.isInstanceOf(NullPointerException.class);
		assertThatThrownBy(() -> this.kernel.removeAsyncHandler(TAO, null)).isInstanceOf(NullPointerException.class);
		assertThatThrownBy(() -> this.kernel.setAppCon(null)).isInstanceOf(NullPointerException.class);
	}

	@Test
	void wildcardAppConIsIgnoredByDefault() {
		// Kernel.spec.js:124
		this.kernel.addInlineHandler(Trigram.ALL, marking("all"));
		this.kernel.addAsyncHandler(Trigram.ALL, (ac) -> {
			this.recorder.mark("async");
			return null;
		});
		setAndSettle(Trigram.ALL);
		setAndSettle(Trigram.of(T, null, null));
		assertThat(this.recorder.log).containsExactly("wildcard-ignored:*|*|*", "wildcard-ignored:" + T + "|*|*");
	}

	@Test
	void allowedWildcardReachesOnlyThatExactPattern() {
		// Kernel.spec.js:125 and the Appendix A probe: W|*|* reaches W|*|* only
		this.kernel = Kernel.builder().allowWildcardSet(true).listener(this.recorder).build();
		this.kernel.addInlineHandler(Trigram.of("W", null, null), marking("W"));
		this.kernel.addInlineHandler(Trigram.ALL, marking("all"));
		this.kernel.addInlineHandler(Trigram.of("W", "x", "y"), marking("Wxy"));
		setAndSettle(Trigram.of("W", "*", ""));
		setAndSettle(Trigram.of("V", null, null));
		assertThat(this.recorder.log.stream().filter((e) -> !e.contains(":"))).containsExactly("W");
	}

	@Test
	void wildcardReturnedByAHandlerFollowsTheSameRule() {
		this.kernel.addInlineHandler(TAO, (ac) -> new AppCon(T, null, null));
		this.kernel.addInlineHandler(Trigram.of(T, null, null), marking("wild-chained"));
		setAndSettle(TAO);
		assertThat(this.recorder.events("wild-chained")).hasSize(1); // the concrete dispatch only
		assertThat(this.recorder.log).contains("wildcard-ignored:" + T + "|*|*");
		this.recorder.log.clear();
		Kernel permissive = Kernel.builder().allowWildcardSet(true).listener(this.recorder).build();
		permissive.addInlineHandler(TAO, (ac) -> new AppCon(T, null, null));
		permissive.addInlineHandler(Trigram.of(T, null, null), marking("wild-chained"));
		permissive.setCtx(TAO, null);
		assertThat(permissive.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recorder.events("wild-chained")).hasSize(2);
		permissive.close();
	}

	@Test
	void registrationsChangedDuringADispatchCountFromTheNext() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch changed = new CountDownLatch(1);
		InlineHandler late = marking("late");
		InlineHandler removed = marking("removed");
		this.kernel.addInlineHandler(TAO, "gate", (ac) -> {
			inside.countDown();
			changed.await(10, TimeUnit.SECONDS);
			return null;
		});
		Registration toRemove = this.kernel.addInlineHandler(TAO, removed);
		this.kernel.setCtx(TAO, null);
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		this.kernel.addInlineHandler(TAO, late);
		toRemove.close();
		changed.countDown();
		assertThat(this.kernel.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(this.recorder.log.stream().filter((e) -> !e.contains(":"))).containsExactly("removed");
		setAndSettle(TAO);
		assertThat(this.recorder.log.stream().filter((e) -> !e.contains(":"))).containsExactly("removed", "late");
	}

	@Test
	void tenHandlerCascadeRunsCompletely() {
		// Kernel.spec.js:132
		Trigram[] t = new Trigram[9];
		for (int i = 1; i <= 8; i++) {
			t[i] = Trigram.of("t" + i, "a", "o");
		}
		this.kernel.addInterceptHandler(t[1], (ac) -> Intercept.divert(AppCon.of(t[2], null)));
		this.kernel.addAsyncHandler(t[2], (ac) -> AppCon.of(t[3], null));
		this.kernel.addAsyncHandler(t[3], (ac) -> null);
		this.kernel.addInlineHandler(t[3], (ac) -> AppCon.of(t[4], null));
		this.kernel.addInterceptHandler(t[4], (ac) -> Intercept.divert(AppCon.of(t[5], null)));
		this.kernel.addInlineHandler(t[5], (ac) -> AppCon.of(t[6], null));
		this.kernel.addInlineHandler(t[6], (ac) -> null);
		this.kernel.addAsyncHandler(t[6], (ac) -> AppCon.of(t[7], null));
		this.kernel.addInterceptHandler(t[7], (ac) -> Intercept.divert(AppCon.of(t[8], null)));
		this.kernel.addInterceptHandler(t[8], (ac) -> Intercept.proceed());
		setAndSettle(t[1]);
		assertThat(this.recorder.events("finished")).hasSize(10);
	}

	@Test
	void registrationsAreListedWithReadableNames() {
		this.kernel.addInlineHandler(TAO, "named", (ac) -> null);
		this.kernel.addAsyncHandler(Trigram.ALL, (ac) -> null);
		assertThat(this.kernel.registrations()).extracting(HandlerInfo::name, HandlerInfo::kind)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("named", HandlerKind.INLINE),
					org.assertj.core.groups.Tuple.tuple("KernelMatchingTests$$Lambda", HandlerKind.ASYNC));
	}

}
