package io.taobus.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The bodies the OpenAPI document shows: the request examples, and the acknowledgements and problem
 * documents the ingestion endpoints really answer, built by the code that answers them
 * ({@link Acknowledgement}, {@link ProblemResponses}) so that the document cannot drift from the wire.
 * {@code OpenApiTests} sends the requests and compares.
 */
final class ApiExamples {

	static final String GITHUB_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

	static final String GITHUB_PUSH = """
			{"ref": "refs/heads/main", "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
			 "repository": {"full_name": "acme/app"}, "pusher": {"name": "octocat"}}""";

	static final String STRIPE_EVENT = """
			{"id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "type": "payment_intent.succeeded",
			 "data": {"object": {"id": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "amount": 2000, "currency": "usd"}}}""";

	static final String GENERIC_APPCON = """
			{"term": "App", "action": "Enter", "orient": "Portal",
			 "data": {"term": {"user": "alice"}, "action": null, "orient": null}}""";

	static final String IDEMPOTENCY_KEY = "order-1234";

	static final String SLACK_CHALLENGE = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";

	private ApiExamples() {
	}

	/** The 202 of the GitHub push above, sent with {@code X-GitHub-Event: push} to a source named github. */
	static Map<String, Object> githubAccepted() {
		return acknowledgement(new Acknowledgement(GITHUB_DELIVERY, "github", "push", "received", "github", null));
	}

	/** The 202 of the generic AppCon above (the id is a random UUID without an Idempotency-Key). */
	static Map<String, Object> appConAccepted() {
		return acknowledgement(new Acknowledgement("0f8fad5b-d9cb-469f-a165-70867728950e", AppConEndpoint.SOURCE, "App",
				"Enter", "Portal", null));
	}

	/** The 200 of the generic AppCon sent again with {@code Idempotency-Key: order-1234}. */
	static Map<String, Object> appConDuplicate() {
		return acknowledgement(new Acknowledgement(IDEMPOTENCY_KEY, AppConEndpoint.SOURCE, "App", "Enter", "Portal",
				Boolean.TRUE));
	}

	static Map<String, Object> acknowledgement(Acknowledgement ack) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", ack.id());
		json.put("source", ack.source());
		json.put("term", ack.term());
		json.put("action", ack.action());
		json.put("orient", ack.orient());
		if (ack.duplicate() != null) {
			json.put("duplicate", ack.duplicate());
		}
		return json;
	}

	static Map<String, Object> problem(HttpStatus status, IngestionOutcome outcome, String detail) {
		return problem(ProblemResponses.problem(status, outcome.tag(), detail));
	}

	static Map<String, Object> problem(ProblemDetail problem) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", String.valueOf(problem.getType()));
		json.put("title", problem.getTitle());
		json.put("status", problem.getStatus());
		json.put("detail", problem.getDetail());
		if (problem.getProperties() != null) {
			json.putAll(problem.getProperties());
		}
		return json;
	}

}
