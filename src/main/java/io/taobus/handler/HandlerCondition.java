package io.taobus.handler;

import io.taobus.tao.AppCon;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * The {@code condition} of a handler annotation: a SpEL expression parsed once at startup (one that
 * does not parse stops the startup, naming the handler) and evaluated for each call against its
 * {@link Root}, in a read-only context (no types, no constructors, no assignment). A condition that
 * fails to evaluate, or yields no boolean, fails the call with the handler's name and the reason.
 */
final class HandlerCondition {

	/** No condition: every call runs. */
	static final HandlerCondition ALWAYS = new HandlerCondition("", null, "");

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private final String handler;

	private final @Nullable Expression expression;

	private final String text;

	private HandlerCondition(String handler, @Nullable Expression expression, String text) {
		this.handler = handler;
		this.expression = expression;
		this.text = text;
	}

	static HandlerCondition of(String text, String handler) {
		if (text.isBlank()) {
			return ALWAYS;
		}
		try {
			return new HandlerCondition(handler, PARSER.parseExpression(text), text);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("TAO handler " + handler + " has a condition that does not parse: '" + text
					+ "': " + ex.getMessage(), ex);
		}
	}

	/** Whether every call runs (no condition), so that a call need not look for its event at all. */
	boolean always() {
		return this.expression == null;
	}

	/** Whether the call is to run. */
	boolean test(AppCon appCon, @Nullable Object event) {
		if (this.expression == null) {
			return true;
		}
		EvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding().withInstanceMethods().build();
		Object value;
		try {
			value = this.expression.getValue(context, new Root(appCon, event));
		}
		catch (EvaluationException ex) {
			throw new IllegalStateException("TAO handler " + this.handler + ": its condition '" + this.text
					+ "' could not be evaluated: " + ex.getMessage(), ex);
		}
		if (value instanceof Boolean result) {
			return result;
		}
		throw new IllegalStateException("TAO handler " + this.handler + ": its condition '" + this.text
				+ "' yielded " + value + ", not true or false");
	}

	/** What a condition reads: {@code event}, {@code appCon}, {@code termData}, {@code actionData}, {@code orientData}. */
	public static final class Root {

		private final AppCon appCon;

		private final @Nullable Object event;

		Root(AppCon appCon, @Nullable Object event) {
			this.appCon = appCon;
			this.event = event;
		}

		public AppCon getAppCon() {
			return this.appCon;
		}

		public @Nullable Object getEvent() {
			return this.event;
		}

		public @Nullable Object getTermData() {
			return this.appCon.termData();
		}

		public @Nullable Object getActionData() {
			return this.appCon.actionData();
		}

		public @Nullable Object getOrientData() {
			return this.appCon.orientData();
		}

	}

}
