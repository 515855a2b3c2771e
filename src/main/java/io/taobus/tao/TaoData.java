package io.taobus.tao;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The tao.js data-inference algorithm ({@code _cleanDatum}) for {@link AppCon#fromTaoData}, kept so
 * that the tao.js AppCtx suite can be ported: one {@link List} or array is positional data; one
 * {@link Map} holding a tuple key ({@code term}/{@code t}/the term's name, and likewise for action and
 * orient) is a tuple, whose other keys are dropped; any other single value is term data; two or three
 * values are positional.
 *
 * <p>Java has one {@code null} where JavaScript has {@code null} and {@code undefined}, and an AppCon
 * holds no {@code null} data: a {@code null} value, positional or in a tuple, is absent data. A tuple
 * key that is present with a {@code null} value still makes the map a tuple, as in tao.js.
 */
final class TaoData {

	private TaoData() {
	}

	static AppCon infer(Trigram trigram, @Nullable Object @Nullable... data) {
		if (data == null || data.length == 0) {
			return new AppCon(trigram, null, null, null);
		}
		if (data.length == 1) {
			Object only = data[0];
			if (only instanceof List<?> list) {
				return positional(trigram, list.toArray());
			}
			if (only instanceof Object[] array) {
				return positional(trigram, array);
			}
			if (only instanceof Map<?, ?> map) {
				AppCon tuple = tuple(trigram, map);
				if (tuple != null) {
					return tuple;
				}
			}
		}
		return positional(trigram, data);
	}

	private static @Nullable AppCon tuple(Trigram trigram, Map<?, ?> map) {
		Slot term = slot(map, "term", "t", trigram.term());
		Slot action = slot(map, "action", "a", trigram.action());
		Slot orient = slot(map, "orient", "o", trigram.orient());
		if (term == null && action == null && orient == null) {
			return null;
		}
		return new AppCon(trigram, value(term), value(action), value(orient));
	}

	private static @Nullable Slot slot(Map<?, ?> map, String... keys) {
		for (String key : keys) {
			if (map.containsKey(key)) {
				return new Slot(map.get(key));
			}
		}
		return null;
	}

	private static @Nullable Object value(@Nullable Slot slot) {
		return (slot != null) ? slot.value() : null;
	}

	private static AppCon positional(Trigram trigram, @Nullable Object[] values) {
		return new AppCon(trigram, at(values, 0), at(values, 1), at(values, 2));
	}

	private static @Nullable Object at(@Nullable Object[] values, int index) {
		return (index < values.length) ? values[index] : null;
	}

	private record Slot(@Nullable Object value) {
	}

}
