package io.taobus.webhook;

import java.util.List;
import java.util.Map;

import io.taobus.webhook.provider.DeliveryHeaders;
import io.taobus.webhook.provider.TestProviders;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** The trigram mapping expressions and the JSON Pointer they use. */
class ValueExpressionTests {

	static final DeliveryHeaders HEADERS = headers("X-GitHub-Event", "push", "x-shopify-topic", "orders/create");

	static final Map<String, Object> BODY = Map.of("type", "payment_intent.succeeded", "a/b", Map.of("m~n", 7),
			"list", List.of("zero", true), "nested", Map.of("object", Map.of()));

	static DeliveryHeaders headers(String... namesAndValues) {
		HttpHeaders headers = new HttpHeaders();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return new DeliveryHeaders(headers);
	}

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

	@Test
	void headersReadInAnyCaseFirstValueFirstAndAddedAttributesWin() {
		DeliveryHeaders headers = headers("CE-Id", "from-header", "X-Twice", "one", "x-twice", "two");
		assertThat(headers.get("ce-id")).isEqualTo("from-header");
		assertThat(headers.get("X-TWICE")).isEqualTo("one");
		assertThat(headers.get("absent")).isNull();
		headers.put("Ce-Id", "from-body");
		assertThat(headers.get("CE-ID")).isEqualTo("from-body");
		assertThat(ValueExpression.parse("header:ce-id").resolve(headers, null)).isEqualTo("from-body");
	}

	@Test
	void eventHeadersAreTheProvidersLowerCaseWithoutSignatures() {
		WebhookSource github = WebhookSource.of("github",
				new WebhookProperties.Source("github", "secret", List.of(), java.time.Duration.ofMinutes(5), false, null,
						"hex", "", null, null, null, null), TestProviders.all());
		DeliveryHeaders headers = headers("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-1", "X-Hub-Signature-256",
				"sha256=00", "x-github-hook-installation-target-signature", "no", "Content-Type", "application/json",
				"Authorization", "Bearer t", "X-Other", "o");
		assertThat(github.eventHeaders(headers)).containsExactly(Map.entry("x-github-event", "push"),
				Map.entry("x-github-delivery", "d-1"), Map.entry("content-type", "application/json"));
	}

}
