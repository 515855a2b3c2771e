package io.taobus.api;

import java.util.Map;

import io.taobus.ingestion.Acknowledgement;
import io.taobus.ingestion.ResponseDocs;

/**
 * The AppCon API bodies the OpenAPI document shows: the request example of {@code POST /tao/appcons}
 * and the acknowledgements it really answers, built by the code that answers them
 * ({@link ResponseDocs#body}). {@code OpenApiExamplesTests} sends them and compares.
 */
final class AppConExamples {

	static final String GENERIC_APPCON = """
			{"term": "App", "action": "Enter", "orient": "Portal",
			 "data": {"term": {"user": "alice"}, "action": null, "orient": null}}""";

	static final String IDEMPOTENCY_KEY = "order-1234";

	private AppConExamples() {
	}

	/** The 202 of the generic AppCon above (the id is a random UUID without an Idempotency-Key). */
	static Map<String, Object> accepted() {
		return ResponseDocs.body(new Acknowledgement("0f8fad5b-d9cb-469f-a165-70867728950e", AppConEndpoint.SOURCE, "App",
				"Enter", "Portal", null));
	}

	/** The 200 of the generic AppCon sent again with {@code Idempotency-Key: order-1234}. */
	static Map<String, Object> duplicate() {
		return ResponseDocs.body(new Acknowledgement(IDEMPOTENCY_KEY, AppConEndpoint.SOURCE, "App", "Enter", "Portal",
				Boolean.TRUE));
	}

}
