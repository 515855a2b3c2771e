package io.taobus.webhook;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The trigram mapping expressions and the JSON Pointer they use. */
class ValueExpressionTests {

	static final Map<String, String> HEADERS = Map.of("x-github-event", "push", "x-shopify-topic", "orders/create");

	static final Map<String, Object> BODY = Map.of("type", "payment_intent.succeeded", "a/b", Map.of("m~n", 7),
			"list", List.of("zero", true), "nested", Map.of("object", Map.of()));

	static String resolve(String expression) {
		return ValueExpression.parse(expression).resolve(HEADERS, BODY);
	}

	@Test
	void literalHeaderAndJson() {
		assertThat(resolve("github")).isEqualTo("github");
		assertThat(resolve("header:X-GitHub-Event")).isEqualTo("push");
		assertThat(resolve("json:/type")).isEqualTo("payment_intent.succeeded");
	}

	@Test
	void headAndTailSplitAtTheLastDotOrSlash() {
		assertThat(resolve("json:/type@head")).isEqualTo("payment_intent");
		assertThat(resolve("json:/type@tail")).isEqualTo("succeeded");
		assertThat(resolve("header:X-Shopify-Topic@head")).isEqualTo("orders");
		assertThat(resolve("header:X-Shopify-Topic@tail")).isEqualTo("create");
		assertThat(resolve("header:X-GitHub-Event@tail")).isNull();
		assertThat(resolve("header:X-GitHub-Event@head")).isEqualTo("push");
	}

	@Test
	void alternativesFallBackInOrder() {
		assertThat(resolve("json:/action|received")).isEqualTo("received");
		assertThat(resolve("json:/missing|header:X-GitHub-Event|never")).isEqualTo("push");
		assertThat(resolve("json:/missing")).isNull();
	}

	@Test
	void pointerEscapesIndexesAndNonScalars() {
		assertThat(resolve("json:/a~1b/m~0n")).isEqualTo("7");
		assertThat(resolve("json:/list/0")).isEqualTo("zero");
		assertThat(resolve("json:/list/1")).isEqualTo("true");
		assertThat(resolve("json:/list/2")).isNull();
		assertThat(resolve("json:/list/01")).isNull();
		assertThat(resolve("json:/nested/object")).isNull();
	}

}
