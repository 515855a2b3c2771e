package io.taobus.ingestion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The two response schemas of the ingestion endpoints, added to the OpenAPI document's components,
 * written out rather than derived from the types: {@code Problem}, the RFC 9457 document with taobus's {@code outcome} (one of a closed set),
 * and {@code Acknowledgement}.
 */
final class ProblemSchemas implements OpenApiCustomizer {

	static final String PROBLEM = "Problem";

	static final String ACKNOWLEDGEMENT = "Acknowledgement";

	@Override
	public void customise(OpenAPI openApi) {
		openApi.getComponents().addSchemas(PROBLEM, problem()).addSchemas(ACKNOWLEDGEMENT, acknowledgement());
	}

	static String ref(String name) {
		return "#/components/schemas/" + name;
	}

	static Schema<?> problem() {
		List<String> outcomes = new ArrayList<>(
				Arrays.stream(IngestionOutcome.values()).map(IngestionOutcome::tag).toList());
		outcomes.add(ProblemResponses.METHOD_NOT_ALLOWED);
		outcomes.removeAll(List.of(IngestionOutcome.ACCEPTED.tag(), IngestionOutcome.DUPLICATE.tag()));
		StringSchema outcome = new StringSchema();
		outcome.setEnum(outcomes);
		return new ObjectSchema().description("RFC 9457 problem details (application/problem+json)")
			.addProperty("type", new StringSchema().format("uri").description("urn:taobus:problem:<outcome, with dashes>"))
			.addProperty("title", new StringSchema().description("the status's reason phrase"))
			.addProperty("status", new IntegerSchema().description("the HTTP status"))
			.addProperty("detail", new StringSchema().description("what was wrong; never a secret or the payload"))
			.addProperty("instance", new StringSchema().description("the path, on the live stream's 401"))
			.addProperty("outcome", outcome.description("the outcome, as in the taobus.webhooks.received metric"))
			.required(List.of("type", "title", "status", "detail", "outcome"));
	}

	static Schema<?> acknowledgement() {
		return new ObjectSchema().description("What the delivery became on the bus")
			.addProperty("id", new StringSchema().description("the delivery id (or the Idempotency-Key)"))
			.addProperty("source", new StringSchema().description("the source name; api for /tao/appcons"))
			.addProperty("term", new StringSchema())
			.addProperty("action", new StringSchema())
			.addProperty("orient", new StringSchema())
			.addProperty("duplicate", new BooleanSchema().description("true on a repeated delivery, absent otherwise"))
			.required(List.of("id", "source", "term", "action", "orient"));
	}

}
