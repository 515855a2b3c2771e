package io.taobus.webhook;

import java.util.Map;

import io.taobus.ingestion.Acknowledgement;
import io.taobus.ingestion.ResponseDocs;

/**
 * The webhook bodies the OpenAPI document shows: the request examples of {@code POST /webhooks/{source}}
 * and the acknowledgement of the GitHub push, built by the code that answers it
 * ({@link ResponseDocs#body}). {@code OpenApiExamplesTests} sends them and compares.
 */
final class WebhookExamples {

	static final String GITHUB_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

	static final String GITHUB_PUSH = """
			{"ref": "refs/heads/main", "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
			 "repository": {"full_name": "acme/app"}, "pusher": {"name": "octocat"}}""";

	static final String STRIPE_EVENT = """
			{"id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "type": "payment_intent.succeeded",
			 "data": {"object": {"id": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "amount": 2000, "currency": "usd"}}}""";

	static final String SLACK_CHALLENGE = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";

	private WebhookExamples() {
	}

	/** The 202 of the GitHub push above, sent with {@code X-GitHub-Event: push} to a source named github. */
	static Map<String, Object> githubAccepted() {
		return ResponseDocs.body(new Acknowledgement(GITHUB_DELIVERY, "github", "push", "received", "github", null));
	}

}
