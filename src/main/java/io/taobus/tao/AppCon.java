package io.taobus.tao;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An Application Context: a {@link Trigram} plus optional data for each of its axes. This is the
 * unit that travels on the bus; handlers receive it and may return a new one to chain.
 *
 * <p>An AppCon is immutable: the references it holds never change. The data objects themselves are
 * shared with every handler of a dispatch, as in tao.js, so handlers should not mutate them;
 * {@link #withData} makes a copy with other data instead (tao.js issue #4).
 *
 * <p>{@link #toString()} names the trigram only, never the data, so that logging an AppCon cannot
 * leak a payload.
 */
public final class AppCon {

	private final Trigram trigram;

	private final @Nullable Object termData;

	private final @Nullable Object actionData;

	private final @Nullable Object orientData;

	private @Nullable Map<String, Object> data;

	/** An AppCon without data; {@code null}, {@code ""} and {@code "*"} are wildcards. */
	public AppCon(@Nullable String term, @Nullable String action, @Nullable String orient) {
		this(new Trigram(term, action, orient), null, null, null);
	}

	/** An AppCon with data for each axis, any of which may be {@code null}. */
	public AppCon(Trigram trigram, @Nullable Object termData, @Nullable Object actionData,
			@Nullable Object orientData) {
		this.trigram = Objects.requireNonNull(trigram, "trigram");
		this.termData = termData;
		this.actionData = actionData;
		this.orientData = orientData;
	}

	/** An AppCon with term data only, the form of tao.js {@code setCtx(trigram, data)}. */
	public static AppCon of(Trigram trigram, @Nullable Object termData) {
		return new AppCon(trigram, termData, null, null);
	}

	/**
	 * Builds an AppCon from tao.js-style data arguments, with the data-inference rules of tao.js
	 * {@code new AppCtx(t, a, o, ...data)}; see {@link TaoData}. New code should prefer the explicit
	 * constructors.
	 */
	public static AppCon fromTaoData(Trigram trigram, @Nullable Object... data) {
		return TaoData.infer(trigram, data);
	}

	/** A copy of this AppCon, with the same trigram and the given data. */
	public AppCon withData(@Nullable Object termData, @Nullable Object actionData, @Nullable Object orientData) {
		return new AppCon(this.trigram, termData, actionData, orientData);
	}

	public Trigram trigram() {
		return this.trigram;
	}

	public String term() {
		return this.trigram.term();
	}

	public String action() {
		return this.trigram.action();
	}

	public String orient() {
		return this.trigram.orient();
	}

	public @Nullable Object termData() {
		return this.termData;
	}

	public @Nullable Object actionData() {
		return this.actionData;
	}

	public @Nullable Object orientData() {
		return this.orientData;
	}

	/**
	 * The data keyed by the trigram's names, as tao.js hands it to handlers: {@code {term: termData,
	 * action: actionData, orient: orientData}}. Absent ({@code null}) data has no entry; when two axes
	 * share a name, the later axis wins, as in tao.js. The map is read-only.
	 */
	public Map<String, Object> data() {
		Map<String, Object> result = this.data;
		if (result == null) {
			Map<String, Object> map = new LinkedHashMap<>(4);
			put(map, term(), this.termData);
			put(map, action(), this.actionData);
			put(map, orient(), this.orientData);
			result = Collections.unmodifiableMap(map);
			this.data = result;
		}
		return result;
	}

	private static void put(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof AppCon that && this.trigram.equals(that.trigram)
				&& Objects.equals(this.termData, that.termData) && Objects.equals(this.actionData, that.actionData)
				&& Objects.equals(this.orientData, that.orientData));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.trigram, this.termData, this.actionData, this.orientData);
	}

	@Override
	public String toString() {
		return "AppCon[" + this.trigram + "]";
	}

}
