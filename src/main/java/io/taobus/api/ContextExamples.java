package io.taobus.api;

/**
 * The bodies of {@code POST /tao/context} the OpenAPI document shows: a request of the demonstration's
 * {@code Quote|Ask|Api} flow and the response its response handler gives.
 */
final class ContextExamples {

	static final String REQUEST = """
			{"term": "Quote", "action": "Ask", "orient": "Api", "data": {"term": {"symbol": "ACME"}}}""";

	static final String RESPONSE = """
			{"term": "Quote", "action": "Given", "orient": "Api",
			 "data": {"term": {"symbol": "ACME", "price": 49.0}, "action": null, "orient": null}}""";

	private ContextExamples() {
	}

}
