package io.taobus.tao;

import org.jspecify.annotations.Nullable;

/**
 * The identity of an AppCon: a term, an action and an orient. Each axis is either a name or the
 * wildcard {@code "*"}; {@code null}, {@code ""} and {@code "*"} all normalize to the wildcard, as in
 * tao.js. Unlike tao.js, which keys its registry by the string {@code t|a|o}, a trigram is compared
 * axis by axis, so any character, {@code |} included, may appear in a name without two trigrams
 * colliding.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param term the term, never {@code null} after normalization
 * @param action the action, never {@code null} after normalization
 * @param orient the orient, never {@code null} after normalization
 */
public record Trigram(String term, String action, String orient) {

	/** The wildcard value of an axis. */
	public static final String WILDCARD = "*";

	/** The trigram that is wild on every axis. */
	public static final Trigram ALL = new Trigram(WILDCARD, WILDCARD, WILDCARD);

	/**
	 * Creates a trigram, normalizing {@code null}, {@code ""} and {@code "*"} to {@link #WILDCARD}.
	 */
	public Trigram(@Nullable String term, @Nullable String action, @Nullable String orient) {
		this.term = normalize(term);
		this.action = normalize(action);
		this.orient = normalize(orient);
	}

	/** Creates a trigram; {@code null}, {@code ""} and {@code "*"} are wildcards. */
	public static Trigram of(@Nullable String term, @Nullable String action, @Nullable String orient) {
		return new Trigram(term, action, orient);
	}

	/** Returns whether the value is a wildcard: {@code null}, empty or {@code "*"}. */
	public static boolean isWild(@Nullable String value) {
		return value == null || value.isEmpty() || WILDCARD.equals(value);
	}

	/** True when at least one axis is the wildcard. */
	public boolean isWildcard() {
		return isTermWild() || isActionWild() || isOrientWild();
	}

	/** True when no axis is the wildcard. */
	public boolean isConcrete() {
		return !isWildcard();
	}

	public boolean isTermWild() {
		return WILDCARD.equals(this.term);
	}

	public boolean isActionWild() {
		return WILDCARD.equals(this.action);
	}

	public boolean isOrientWild() {
		return WILDCARD.equals(this.orient);
	}

	/**
	 * Returns whether the two trigrams match: on every axis the values are equal or either side is
	 * the wildcard. The relation is symmetric.
	 */
	public boolean matches(Trigram other) {
		return axisMatches(this.term, other.term) && axisMatches(this.action, other.action)
				&& axisMatches(this.orient, other.orient);
	}

	/** The tao.js key {@code term|action|orient}, for display only: it is not unique. */
	@Override
	public String toString() {
		return this.term + "|" + this.action + "|" + this.orient;
	}

	private static boolean axisMatches(String a, String b) {
		return a.equals(b) || WILDCARD.equals(a) || WILDCARD.equals(b);
	}

	private static String normalize(@Nullable String value) {
		return isWild(value) ? WILDCARD : value;
	}

}
