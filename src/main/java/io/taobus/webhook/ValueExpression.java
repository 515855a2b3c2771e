package io.taobus.webhook;

import java.util.ArrayList;
import java.util.List;

import io.taobus.webhook.provider.DeliveryHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Where a trigram axis or a delivery id comes from: a literal, {@code header:<Name>} or
 * {@code json:<JSON Pointer>} into the parsed body. {@code @head} / {@code @tail} after a header or
 * JSON expression keep the part before / after the last {@code .} or {@code /}
 * ({@code payment_intent.succeeded}, {@code orders/create}); {@code |} separates alternatives, tried in
 * order, the last of which may be a literal: {@code json:/action|received}.
 */
final class ValueExpression {

	private final List<Alternative> alternatives;

	private final String text;

	private ValueExpression(String text, List<Alternative> alternatives) {
		this.text = text;
		this.alternatives = alternatives;
	}

	static ValueExpression parse(String text) {
		List<Alternative> alternatives = new ArrayList<>();
		String[] parts = (text.startsWith("header:") || text.startsWith("json:")) ? text.split("\\|", -1)
				: new String[] { text };
		for (String part : parts) {
			alternatives.add(Alternative.parse(part));
		}
		return new ValueExpression(text, List.copyOf(alternatives));
	}

	/** The value when the expression is a literal alone (the same for every delivery), else {@code null}. */
	@Nullable String literal() {
		return (this.alternatives.size() == 1 && this.alternatives.get(0).kind().equals("literal"))
				? this.alternatives.get(0).argument() : null;
	}

	/** The value, or {@code null} when no alternative yields a non-blank one. */
	@Nullable String resolve(DeliveryHeaders headers, @Nullable Object body) {
		for (Alternative alternative : this.alternatives) {
			String value = alternative.resolve(headers, body);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return this.text;
	}

	private record Alternative(String kind, String argument, String part) {

		static Alternative parse(String text) {
			String kind = text.startsWith("header:") ? "header" : text.startsWith("json:") ? "json" : "literal";
			String argument = kind.equals("literal") ? text : text.substring(kind.length() + 1);
			String part = "whole";
			if (!kind.equals("literal") && (argument.endsWith("@head") || argument.endsWith("@tail"))) {
				part = argument.substring(argument.length() - 4);
				argument = argument.substring(0, argument.length() - 5);
			}
			if (kind.equals("json") && !argument.isEmpty() && !argument.startsWith("/")) {
				throw new IllegalArgumentException("'" + text + "': a JSON Pointer starts with '/'");
			}
			return new Alternative(kind, argument, part);
		}

		@Nullable String resolve(DeliveryHeaders headers, @Nullable Object body) {
			String whole = switch (this.kind) {
				case "header" -> headers.get(this.argument);
				case "json" -> JsonPointer.text(body, this.argument);
				default -> this.argument;
			};
			if (whole == null || this.part.equals("whole")) {
				return whole;
			}
			int cut = Math.max(whole.lastIndexOf('.'), whole.lastIndexOf('/'));
			if (this.part.equals("head")) {
				return (cut > 0) ? whole.substring(0, cut) : whole;
			}
			return (cut >= 0) ? whole.substring(cut + 1) : null;
		}

	}

}
