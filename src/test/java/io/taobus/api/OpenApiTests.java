package io.taobus.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.taobus.E2eSupport;
import io.taobus.inbox.DeliveryStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and the Swagger UI are served: every status of the contract with a taobus
 * problem document (never springdoc's generic {@code ProblemDetail}), the headers of each signing
 * scheme and {@code Idempotency-Key}, the live stream as {@code text/event-stream} with its 401, and
 * tags named for people; as Swagger UI shows it: every description readable as text (a {@code <hex>}
 * placeholder in CommonMark is an HTML tag), the bearer scheme as the only way to authorize, and the
 * delivery statuses as enums. {@link OpenApiExamplesTests} checks that the examples are the real bodies.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
@AutoConfigureWebTestClient
@Import(E2eSupport.Config.class)
class OpenApiTests {

	/** A raw HTML tag as CommonMark reads one: Swagger UI drops it. */
	static final Pattern HTML_TAG = Pattern.compile("</?[A-Za-z][A-Za-z0-9-]*(\\s[^<>]*)?/?>");

	static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

	@Autowired
	WebTestClient client;

	JsonNode spec() {
		return JsonMapper.shared().readTree(this.client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
			.expectBody().returnResult().getResponseBody());
	}

	@Test
	void everyStatusOfBothEndpointsHasATaobusProblemDocumentOrAnAcknowledgement() {
		JsonNode spec = spec();
		for (String path : new String[] { "/webhooks/{source}", "/tao/appcons", "/tao/context" }) {
			JsonNode responses = spec.at("/paths/" + escape(path) + "/post/responses");
			List<String> statuses = switch (path) {
				case "/tao/appcons" -> List.of("200", "202", "400", "401", "405", "413", "415", "429", "503");
				case "/tao/context" -> List.of("200", "202", "400", "401", "405", "413", "415", "429", "500", "503", "504");
				default -> List.of("200", "202", "400", "401", "404", "405", "413", "415", "429", "503");
			};
			assertThat(responses.propertyNames()).as(path).containsExactlyElementsOf(statuses);
			for (String status : statuses) {
				JsonNode response = responses.get(status);
				assertThat(response.get("description").asString()).isNotBlank();
				if (path.equals("/tao/context") && status.equals("200")) {
					// the response AppCon, not an acknowledgement
					assertThat(response.at("/content/application~1json/examples/a quote/value/action").asString())
						.isEqualTo("Given");
					continue;
				}
				if (status.startsWith("2")) {
					JsonNode json = response.at("/content/application~1json");
					assertThat(json.at("/schema/$ref").asString()).isEqualTo("#/components/schemas/Acknowledgement");
					assertThat(json.get("examples").size()).isEqualTo(1);
					continue;
				}
				JsonNode problem = response.at("/content/application~1problem+json");
				assertThat(problem.at("/schema/$ref").asString()).isEqualTo("#/components/schemas/Problem");
				assertThat(problem.get("examples").isEmpty()).as(path + " " + status).isFalse();
				for (JsonNode example : problem.get("examples")) {
					JsonNode value = example.get("value");
					assertThat(value.propertyNames()).containsExactly("type", "title", "status", "detail", "outcome");
					assertThat(value.get("status").asInt()).isEqualTo(Integer.parseInt(status));
					assertThat(value.get("type").asString())
						.isEqualTo("urn:taobus:problem:" + value.get("outcome").asString().replace('_', '-'));
				}
			}
			assertThat(spec.at("/paths/" + escape(path) + "/post/requestBody/content/application~1json/examples").isEmpty())
				.isFalse();
		}
		assertThat(spec.at("/paths/~1tao~1appcons/post/responses/202/content/application~1json/examples/generic AppCon/value/source")
			.asString()).isEqualTo("api");
		assertThat(spec.at("/paths/~1webhooks~1{source}/post/responses/200/content/text~1plain/examples").isEmpty()).isFalse();
		assertThat(spec.at("/paths/~1webhooks~1{source}/post/responses/429/headers/Retry-After").isMissingNode()).isFalse();
		assertThat(spec.at("/paths/~1webhooks~1{source}/post/responses/413/description").asString())
			.contains("github 25MB", "stripe 1MB");
		assertThat(spec.at("/paths/~1tao~1appcons/post/responses/405/headers/Allow").isMissingNode()).isFalse();
		assertThat(spec.at("/components/schemas/Problem/properties/outcome/enum").valueStream().map(JsonNode::asString))
			.contains("invalid_signature", "unauthorized", "method_not_allowed", "throttled").doesNotContain("accepted");
		assertThat(spec.toString()).doesNotContain("example.com").doesNotContain("additionalProp1");
	}

	@Test
	void theHeadersOfEverySchemeAndIdempotencyKeyAreDeclaredOptional() {
		JsonNode spec = spec();
		List<String> webhookHeaders = headers(spec.at("/paths/~1webhooks~1{source}/post/parameters"));
		assertThat(webhookHeaders).contains("X-Hub-Signature-256", "X-GitHub-Event", "X-GitHub-Delivery", "Stripe-Signature",
				"X-Slack-Signature", "X-Slack-Request-Timestamp", "X-Shopify-Hmac-Sha256", "webhook-id", "webhook-timestamp",
				"webhook-signature", "ce-id", "ce-source", "ce-type", "ce-specversion");
		assertThat(headers(spec.at("/paths/~1tao~1appcons/post/parameters"))).containsExactly("Idempotency-Key");
		assertThat(spec.at("/paths/~1webhooks~1{source}/post/parameters").valueStream()
			.filter((p) -> "header".equals(p.get("in").asString())).map((p) -> p.path("required").asBoolean(false)))
			.containsOnly(false);
	}

	@Test
	void theLiveStreamIsAnEventStreamWithItsUnauthorizedAndTheTagsAreNamedForPeople() {
		JsonNode spec = spec();
		JsonNode stream = spec.at("/paths/~1tao~1stream/get");
		assertThat(stream.at("/responses/200/content").propertyNames()).containsExactly("text/event-stream");
		assertThat(stream.at("/responses/401/content/application~1problem+json/examples/no token/value/outcome").asString())
			.isEqualTo("unauthorized");
		assertThat(stream.at("/security/0").has("bearer")).isTrue();
		assertThat(stream.at("/tags/0").asString()).isEqualTo("Live stream");
		assertThat(spec.at("/paths/~1webhooks~1{source}/post/tags/0").asString()).isEqualTo("Webhooks");
		assertThat(spec.at("/paths/~1tao~1appcons/post/tags/0").asString()).isEqualTo("AppCon API");
		assertThat(spec.get("tags").valueStream().map((tag) -> tag.get("name").asString()))
			.containsExactlyInAnyOrder("Webhooks", "AppCon API", "Live stream", "Deliveries", "Handlers");
		assertThat(spec.toString()).doesNotContain("-controller");
	}

	@Test
	void everyDescriptionReadsAsTextInSwaggerUi() {
		// descriptions are CommonMark: a <placeholder> outside a code span is an HTML tag, and vanishes
		List<String> tags = new ArrayList<>();
		descriptions(spec(), "", (where, text) -> {
			Matcher tag = HTML_TAG.matcher(CODE_SPAN.matcher(text).replaceAll(""));
			if (tag.find()) {
				tags.add(where + ": " + tag.group() + " in " + text);
			}
		});
		assertThat(tags).isEmpty();
		assertThat(spec().at("/paths/~1webhooks~1{source}/post/parameters").valueStream()
			.filter((p) -> p.get("name").asString().equals("X-Hub-Signature-256"))
			.map((p) -> p.get("description").asString())).containsExactly("GitHub: `sha256=<hex HMAC-SHA256 of the body>`");
	}

	@Test
	void theBearerSchemeIsTheOnlyWayToAuthorize() {
		JsonNode spec = spec();
		List<String> authorizationInputs = new ArrayList<>();
		spec.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> operation
			.getValue().path("parameters").valueStream()
			.filter((p) -> p.get("name").asString().equalsIgnoreCase("Authorization"))
			.forEach((p) -> authorizationInputs.add(operation.getKey() + " " + path.getKey()))));
		assertThat(authorizationInputs).isEmpty();
		assertThat(spec.at("/paths/~1tao~1deliveries/get/security/0").has("bearer")).isTrue();
		assertThat(spec.at("/paths/~1tao~1deliveries~1{source}~1{deliveryId}~1replay/post/security/0").has("bearer")).isTrue();
		assertThat(spec.at("/paths/~1tao~1handlers/get/security/0").has("bearer")).isTrue();
	}

	@Test
	void theHandlersFiguresAndTheFiltersByFailingCallAreDocumented() {
		JsonNode spec = spec();
		JsonNode handlers = spec.at("/paths/~1tao~1handlers/get");
		assertThat(handlers.at("/responses").propertyNames()).containsExactly("200", "401", "503");
		assertThat(handlers.at("/tags/0").asString()).isEqualTo("Handlers");
		assertThat(spec.at("/components/schemas/HandlerView/properties").propertyNames())
			.contains("handler", "kind", "pattern", "calls", "failed", "retrying", "dead", "lastFailure");
		assertThat(spec.at("/paths/~1tao~1deliveries/get/parameters").valueStream().map((p) -> p.get("name").asString()))
			.contains("handler", "errorClass");
		assertThat(spec.at("/paths/~1tao~1deliveries~1replay/post/responses").propertyNames()).contains("200", "202", "400");
		assertThat(spec.at("/components/schemas/ReplayRequest/properties").propertyNames())
			.contains("handler", "errorClass", "preview");
		assertThat(spec.at("/components/schemas/Replayed/properties").propertyNames()).contains("count", "preview");
	}

	@Test
	void deliveryStatusesAreEnumsOfTheInboxStatuses() {
		JsonNode spec = spec();
		List<String> all = Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::value).toList();
		JsonNode status = spec.at("/paths/~1tao~1deliveries/get/parameters").valueStream()
			.filter((p) -> p.get("name").asString().equals("status"))
			.findFirst()
			.orElseThrow();
		assertThat(status.at("/schema/enum").valueStream().map(JsonNode::asString)).containsExactlyElementsOf(all);
		assertThat(spec.at("/components/schemas/DeliveryView/properties/status/enum").valueStream().map(JsonNode::asString))
			.containsExactlyElementsOf(all);
		assertThat(spec.at("/components/schemas/ReplayRequest/properties/status/enum").valueStream().map(JsonNode::asString))
			.containsExactly("completed", "failed", "dead");
	}

	@Test
	void swaggerUiIsServed() {
		this.client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		this.client.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

	/** Every description and summary of the document, with its JSON path. */
	static void descriptions(JsonNode node, String where, BiConsumer<String, String> action) {
		if (node.isObject()) {
			node.properties().forEach((field) -> {
				if ((field.getKey().equals("description") || field.getKey().equals("summary")) && field.getValue().isString()) {
					action.accept(where, field.getValue().asString());
				}
				else {
					descriptions(field.getValue(), where + "/" + field.getKey(), action);
				}
			});
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				descriptions(node.get(i), where + "/" + i, action);
			}
		}
	}

	private static List<String> headers(JsonNode parameters) {
		return parameters.valueStream().filter((p) -> "header".equals(p.get("in").asString()))
			.map((p) -> p.get("name").asString()).toList();
	}

	static String escape(String path) {
		return path.replace("~", "~0").replace("/", "~1");
	}

}
